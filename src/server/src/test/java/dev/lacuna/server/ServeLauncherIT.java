package dev.lacuna.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real launcher script against the packaged server, as a user would. */
class ServeLauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("lacuna.launcher", "../../lacuna"));

    @TempDir
    Path home;

    @Test
    void serveOnAChosenPortKeepsItsDataAcrossARestart() throws Exception {
        int port = LauncherProcesses.freePort();

        String firstStatus;
        Process first = serve(port);
        try {
            LauncherProcesses.awaitHealthy(port, first, home, Duration.ofSeconds(120));
            assertThat(LauncherProcesses.get(port, "/status").body()).contains("Lacuna Bench").contains("Embedded PostgreSQL");
            assertTheBoardShowsEveryCommittedResult(port);
            firstStatus = LauncherProcesses.get(port, "/api/status").body();
            assertThat(firstStatus).contains("\"boots\":1").contains("\"mode\":\"embedded\"");
        } finally {
            LauncherProcesses.stop(first);
        }

        Process second = serve(port);
        try {
            LauncherProcesses.awaitHealthy(port, second, home, Duration.ofSeconds(120));
            String secondStatus = LauncherProcesses.get(port, "/api/status").body();
            assertThat(secondStatus).contains("\"boots\":2");
            assertThat(instanceId(secondStatus)).isEqualTo(instanceId(firstStatus));
        } finally {
            LauncherProcesses.stop(second);
        }
    }

    /** A fresh checkout's server shows what leaderboard/ holds, without any evaluation having run. */
    private static void assertTheBoardShowsEveryCommittedResult(int port) throws Exception {
        Path results = LAUNCHER.toAbsolutePath().getParent().resolve("leaderboard/results");
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(results)) {
            try (Stream<Path> files = Files.walk(results)) {
                files.filter(f -> f.toString().endsWith(".json"))
                        .forEach(f -> names.add(f.getFileName().toString().replace(".json", "")));
            }
        }
        String board = LauncherProcesses.get(port, "/?kind=objective").body() + LauncherProcesses.get(port, "/?kind=localizer").body();
        if (names.isEmpty()) {
            assertThat(LauncherProcesses.get(port, "/").body()).contains("Nothing is published yet");
        }
        for (String name : names) {
            String shown = name.equals("oracle-localizer") ? "data-name=\"oracle\"" : "data-name=\"" + name + "\"";
            assertThat(board).as("the board lists %s", name).contains(shown);
        }
    }

    @Test
    void leaderboardImportLoadsAFolderOnceAndThenFindsNothingToChange() throws Exception {
        Path fixture = LAUNCHER.toAbsolutePath().getParent().resolve("src/cli/src/test/resources/leaderboard");

        Result first = run("leaderboard", "import", fixture.toString());
        Result second = run("leaderboard", "import", fixture.toString());

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("testbeds: 2 added, 0 unchanged; results: 3 added, 0 updated, 0 unchanged, 0 removed, 0 refused");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("testbeds: 0 added, 2 unchanged; results: 0 added, 0 updated, 3 unchanged, 0 removed, 0 refused");
        assertThat(run("leaderboard", "import", home.resolve("nowhere").toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void anUnknownCommandExitsWithStatusTwoAndSaysWhy() throws Exception {
        Result result = run("nonsense");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("unknown command 'nonsense'").contains("usage:");
    }

    @Test
    void aNonNumericPortIsAUsageError() throws Exception {
        Result result = run("serve", "--port", "eighty");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("--port must be a number");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Result result = run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("serve").contains("build").contains("data list").contains("testbed build").contains("testbed show").contains("bench train");
    }

    private Process serve(int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve", "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("serve-" + Instant.now().toEpochMilli() + ".log").toFile());
        builder.environment().put("LACUNA_HOME", home.toString());
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        // these tests read the published board; evaluating the baselines is the platform tests' business
        builder.environment().put("LACUNA_LOCAL_WORKER", "false");
        return builder.start();
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs the launcher with this test's own home (so an import gets its own embedded database). */
    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LACUNA_HOME", home.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }




    private static String instanceId(String statusJson) {
        Matcher matcher = Pattern.compile("\"instanceId\":\"([0-9a-f-]{36})\"").matcher(statusJson);
        assertThat(matcher.find()).as("instanceId in %s", statusJson).isTrue();
        return matcher.group(1);
    }

}
