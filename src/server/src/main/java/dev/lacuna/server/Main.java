package dev.lacuna.server;

import dev.lacuna.server.account.service.AdminTokenCreateCommand;
import dev.lacuna.server.database.EmbeddedDatabase;
import dev.lacuna.server.leaderboard.service.ImportLeaderboardCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;

/**
 * Starts the server. Without an external database configured it first starts the embedded PostgreSQL
 * under the Lacuna home, so that {@code ./lacuna serve} needs no setup.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    /** First argument that runs {@link ImportLeaderboardCommand} instead of the web server. */
    static final String IMPORT = "import-leaderboard";

    public static void main(String... args) {
        boolean importing = args.length > 0 && IMPORT.equals(args[0]);
        boolean creatingToken = args.length > 0 && AdminTokenCreateCommand.COMMAND.equals(args[0]);
        if (importing) {
            System.setProperty(ImportLeaderboardCommand.RUNNING, "true");
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        if (creatingToken) {
            try {
                // usage errors before the database starts, so they are quick
                AdminTokenCreateCommand.parse(args);
            } catch (IllegalArgumentException e) {
                System.err.println("lacuna: " + e.getMessage());
                System.err.println(AdminTokenCreateCommand.USAGE);
                System.exit(2);
            }
            System.setProperty(AdminTokenCreateCommand.RUNNING, "true");
            System.setProperty("quarkus.http.host-enabled", "false");
            // standard output carries the token and nothing else
            System.setProperty("quarkus.log.console.stderr", "true");
        }
        if (externalDatabaseConfigured()) {
            System.setProperty("lacuna.database.mode", "external");
        } else {
            Path dataDirectory = lacunaHome().resolve("postgres");
            EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory);
            System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
            System.setProperty("quarkus.datasource.username", EmbeddedDatabase.USER);
            System.setProperty("quarkus.datasource.password", "");
            System.setProperty("lacuna.database.mode", "embedded");
            System.setProperty("lacuna.database.location", dataDirectory.toString());
        }
        if (importing) {
            Quarkus.run(ImportLeaderboardCommand.class, args);
        } else if (creatingToken) {
            Quarkus.run(AdminTokenCreateCommand.class, args);
        } else {
            Quarkus.run(args);
        }
    }

    /**
     * Whether this process runs one of the server application's commands (import, token) rather than the server:
     * then nothing that serves (built-ins, evaluations, the local worker) starts.
     */
    public static boolean commandRun() {
        return System.getProperty(ImportLeaderboardCommand.RUNNING) != null
                || System.getProperty(AdminTokenCreateCommand.RUNNING) != null;
    }

    private static boolean externalDatabaseConfigured() {
        return present(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"))
                || present(System.getProperty("quarkus.datasource.jdbc.url"));
    }

    /** {@code $LACUNA_HOME}, the {@code lacuna.home} system property, or {@code ~/.lacuna}. */
    static Path lacunaHome() {
        String configured = System.getProperty("lacuna.home", System.getenv("LACUNA_HOME"));
        return present(configured)
                ? Path.of(configured).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".lacuna");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
