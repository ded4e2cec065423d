package dev.lacuna.server.leaderboard.service;

import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * {@code ./lacuna leaderboard import DIR}: the server application started without its HTTP listener,
 * importing one folder into the server's database and exiting. It goes through the same
 * {@link LeaderboardImport} as the start-up import, so the two cannot disagree. Exit status 0 when every
 * file was imported or unchanged, 1 when some were refused, 2 on a usage error.
 */
public class ImportLeaderboardCommand implements QuarkusApplication {

    /** System property set while this command runs, so the start-up import stands aside. */
    public static final String RUNNING = "leaderboard-import.running";

    @Inject
    LeaderboardImport importer;

    @Override
    public int run(String... args) {
        if (args.length != 2) {
            System.err.println("usage: ./lacuna leaderboard import DIR");
            return 2;
        }
        Path folder = Path.of(args[1]).toAbsolutePath().normalize();
        try {
            ImportReport report = importer.importFrom(folder);
            System.out.println(report.describe());
            return report.refused().isEmpty() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println("lacuna: " + e.getMessage());
            return 2;
        }
    }
}
