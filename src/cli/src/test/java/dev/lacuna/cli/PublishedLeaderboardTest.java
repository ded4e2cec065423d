package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.cli.Evaluations.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code leaderboard/} folder, as published: every file passes {@code leaderboard verify}
 * (schema, testbed manifests, summaries recomputed from the curves, p-values recomputed, the index).
 */
class PublishedLeaderboardTest {

    private static final Path FOLDER = Path.of("../../leaderboard").toAbsolutePath().normalize();

    @Test
    void theCommittedLeaderboardVerifies() throws IOException {
        long results;
        try (Stream<Path> files = Files.walk(FOLDER)) {
            results = files.filter(f -> f.toString().endsWith(".json") && f.startsWith(FOLDER.resolve("results"))).count();
        }

        Run verify = Evaluations.run("leaderboard", "verify", FOLDER.toString());

        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out().lines().filter(l -> l.startsWith("ok results/"))).hasSize((int) results);
        assertThat(verify.out()).contains("ok index.json");
    }
}
