package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.cli.Evaluations.Run;
import dev.lacuna.cli.objectives.NanObjective;
import dev.lacuna.cli.objectives.ThrowingObjective;
import dev.lacuna.cli.objectives.VectorObjective;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.UnlearningObjective;
import dev.lacuna.submissions.ga.GradientAscent;
import dev.lacuna.submissions.npo.NegativePreferenceOptimization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code lacuna evaluate} of objectives end to end on the shared tiny synthetic testbed (mask seed 7):
 * the real GA and NPO objectives packed into plugin JARs and loaded through the plugin loader, broken
 * plugins, schema validation and determinism. Few alphas and resampling rounds keep it short; the full
 * protocol's numbers are in docs/benchmarks.md.
 */
class EvaluateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path home;
    private static Testbed testbed;
    private static Path gaJar;
    private static Path npoJar;

    @BeforeAll
    static void buildTestbedAndPlugins() throws Exception {
        home = TinyTestbedHome.home();
        testbed = TinyTestbedHome.testbed();
        gaJar = pluginJar("ga", GradientAscent.class);
        npoJar = pluginJar("npo", NegativePreferenceOptimization.class);
    }

    private static Path pluginJar(String name, Class<? extends UnlearningObjective> type) throws Exception {
        return PluginJars.pack(home, name, PluginKind.OBJECTIVE, type);
    }

    @Test
    void npoIsCalibratedAndEvaluatedIntoASchemaValidResult() throws Exception {
        Path out = home.resolve("npo.json");
        Run run = evaluate("--plugin", npoJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
                "--alphas", "5", "--permutations", "200", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(out.toFile());
        assertThat(schemaErrors(result)).isEmpty();
        assertThat(result.path("plugin_sha256").asText()).isEqualTo(sha256(npoJar));
        assertThat(result.path("plugin").path("name").asText()).isEqualTo("npo");
        assertThat(result.path("per_seed").get(0).path("testbed_hash").asText()).isEqualTo(testbed.hash());
        JsonNode calibration = result.path("calibration");
        assertThat(calibration.path("calibrated").asBoolean()).isTrue();
        assertThat(calibration.path("probes").size()).isPositive();
        // the calibrated rate is the smallest probed rate that reached the target, or the largest if none did
        double rate = calibration.path("learning_rate").asDouble();
        List<Double> reaching = new ArrayList<>();
        calibration.path("probes").forEach(p -> {
            if (p.path("fs").asDouble() >= 0.95) {
                reaching.add(p.path("learning_rate").asDouble());
            }
        });
        if (calibration.path("reached_target").asBoolean()) {
            assertThat(rate).isEqualTo(reaching.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        }
        JsonNode oracle = result.path("per_seed").get(0).path("oracle");
        JsonNode random = result.path("per_seed").get(0).path("random");
        assertThat(oracle.path("curve").size()).isEqualTo(5);
        // alpha 0 is theta_o itself in both scenarios, so the first points agree exactly
        assertThat(oracle.path("curve").get(0)).isEqualTo(random.path("curve").get(0));
        assertThat(oracle.path("curve").get(0).path("fs").asDouble())
                .isCloseTo(1 - testbed.gates().forgetEsThetaO(), org.assertj.core.data.Offset.offset(1e-12));
        // unlearning raises FS: the unlearned end of the curve forgets more than theta_o
        assertThat(oracle.path("curve").get(4).path("fs").asDouble()).isGreaterThan(oracle.path("curve").get(0).path("fs").asDouble());
        assertThat(oracle.path("mu95").isNumber()).isTrue();
        assertThat(result.path("summary").path("mu95_p").isNumber()).isTrue();
        assertThat(result.path("summary").path("aues_delta").asDouble()).isCloseTo(
                Math.abs(result.path("summary").path("aues_oracle").asDouble() - result.path("summary").path("aues_random").asDouble()),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void twoRunsOnTheSameInputsAreByteIdenticalApartFromTimings() throws Exception {
        List<String> texts = new ArrayList<>();
        for (String name : List.of("ga-1.json", "ga-2.json")) {
            Path out = home.resolve(name);
            Run run = evaluate("--plugin", gaJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
                    "--alphas", "3", "--permutations", "100", "--learning-rate", "0.02", "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode result = JSON.readTree(out.toFile());
            assertThat(schemaErrors(result)).isEmpty();
            assertThat(result.path("calibration").path("calibrated").asBoolean()).isFalse();
            ((ObjectNode) result).remove("timings");
            texts.add(result.toString());
        }
        assertThat(texts.get(1)).isEqualTo(texts.get(0));
    }

    @Test
    void sweepsInSingleThreadChildProcessesGiveExactlyTheInProcessResult() throws Exception {
        List<String> texts = new ArrayList<>();
        for (String jobs : List.of("1", "2")) {
            Path out = home.resolve("ga-jobs-" + jobs + ".json");
            Run run = evaluate("--plugin", gaJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
                    "--alphas", "3", "--permutations", "100", "--learning-rate", "0.02", "--jobs", jobs, "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            if (jobs.equals("2")) {
                assertThat(run.err()).contains("sweep 3/3 done");
            }
            JsonNode result = JSON.readTree(out.toFile());
            ((ObjectNode) result).remove("timings");
            texts.add(result.toString());
        }
        assertThat(texts.get(1)).isEqualTo(texts.get(0));
    }

    @Test
    void theSandboxGivesExactlyTheInProcessNumbers() throws Exception {
        List<JsonNode> results = new ArrayList<>();
        for (String mode : List.of("sandboxed", "trusted")) {
            Path out = home.resolve("ga-" + mode + ".json");
            List<String> args = new ArrayList<>(List.of("--plugin", gaJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
                    "--alphas", "3", "--permutations", "100", "--learning-rate", "0.02", "--out", out.toString()));
            if (mode.equals("trusted")) {
                args.add("--trusted");
            }
            Run run = evaluate(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("(" + (mode.equals("trusted") ? "trusted: in this process" : "sandboxed") + ")");
            JsonNode result = JSON.readTree(out.toFile());
            assertThat(schemaErrors(result)).isEmpty();
            assertThat(result.path("sandboxed").asBoolean()).isEqualTo(mode.equals("sandboxed"));
            ((ObjectNode) result).remove("timings");
            ((ObjectNode) result).remove("sandboxed");
            results.add(result);
        }
        // the unlearned rows cross the process boundary bit for bit, so every curve point and statistic agrees exactly
        assertThat(results.get(0).toString()).isEqualTo(results.get(1).toString());
    }

    @Test
    void aBrokenJarIsReportedBeforeAMissingTestbed() throws Exception {
        Path text = Files.writeString(home.resolve("notes.jar"), "this is not a JAR\n");
        Run run = evaluate("--plugin", text.toString(), "--testbed", "synthetic/tiny", "--seeds", "99");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("refused by rule 'not-a-jar'").doesNotContain("no stored");
    }

    @Test
    void anEvaluationKilledAfterItsFirstSweepResumesWithoutRedoingItAndEndsWithTheSameResult() throws Exception {
        // settings no other test uses (77 permutations), so the sweeps kept here are this test's alone
        List<String> inputs = List.of("--plugin", gaJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
                "--alphas", "3", "--permutations", "77", "--learning-rate", "0.02");
        Path outcomes = home.resolve("outcomes");
        TinyTestbedHome.delete(outcomes);
        Path fresh = home.resolve("resume-fresh.json");
        Run full = evaluate(concat(inputs, "--out", fresh.toString()).toArray(String[]::new));
        assertThat(full.exitCode()).as(full.err()).isZero();
        assertThat(outcomes).as("--no-resume keeps nothing").doesNotExist();

        Path killedOut = home.resolve("resume-killed.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), LacunaCli.class.getName(), "evaluate",
                "--home", home.toString()));
        command.addAll(concat(inputs, "--out", killedOut.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("resume-killed.log").toFile()).start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        while (keptSweeps(outcomes) == 0 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroyForcibly();
        assertThat(child.waitFor()).as(Files.readString(home.resolve("resume-killed.log"))).isEqualTo(137);
        assertThat(killedOut).as("killed before its end").doesNotExist();
        assertThat(keptSweeps(outcomes)).as("the Oracle sweep kept, the Random one still running when killed").isEqualTo(1);
        double keptUnlearning = keptUnlearningSeconds(outcomes);

        Path resumedOut = home.resolve("resume-resumed.json");
        List<String> again = new ArrayList<>(List.of("evaluate", "--home", home.toString()));
        again.addAll(concat(inputs, "--out", resumedOut.toString()));
        Run resumed = Evaluations.run(again.toArray(String[]::new));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resumed: 1 of the calibration and sweeps were taken from an earlier run");
        // Oracle, Random and the unconstrained scenario
        assertThat(keptSweeps(outcomes)).isEqualTo(3);
        assertThat(withoutTimings(resumedOut)).isEqualTo(withoutTimings(fresh));
        JsonNode timings = JSON.readTree(resumedOut.toFile()).path("timings");
        // the kept sweep's stage times count as measured by the killed run (a cold JVM, so not comparable with the
        // fresh run's), plus the Random and unconstrained sweeps' measured now
        assertThat(timings.path("unlearning_seconds").asDouble()).as("the kept sweep's stage times count")
                .isGreaterThanOrEqualTo(keptUnlearning);
    }

    /** The unlearning seconds the one kept sweep recorded. */
    private static double keptUnlearningSeconds(Path outcomes) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(outcomes)) {
            Path kept = files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}\\.json")).findFirst().orElseThrow();
            List<JsonNode> found = JSON.readTree(kept.toFile()).findValues("unlearning_seconds");
            assertThat(found).as("one sweep's timings in " + kept).hasSize(1);
            assertThat(found.get(0).asDouble()).isPositive();
            return found.get(0).asDouble();
        }
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static String withoutTimings(Path result) throws java.io.IOException {
        JsonNode tree = JSON.readTree(result.toFile());
        ((ObjectNode) tree).remove("timings");
        return tree.toString();
    }

    /** Sweep outcomes kept under {@code outcomes}/(harness digest)/, not counting files still being written. */
    private static long keptSweeps(Path outcomes) throws java.io.IOException {
        if (!Files.isDirectory(outcomes)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(outcomes)) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}\\.json")).count();
        }
    }

    @Test
    void withoutBubblewrapSandboxedEvaluationRefusesToStartAndSaysHowToInstallIt() throws Exception {
        Path out = home.resolve("no-bwrap.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), LacunaCli.class.getName(), "evaluate",
                "--home", home.toString(), "--plugin", gaJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
                "--alphas", "2", "--permutations", "10", "--learning-rate", "0.02", "--out", out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", home.resolve("no-programs-here").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isEqualTo(1);
        assertThat(output).contains("sandboxed evaluation needs bubblewrap").contains("apt-get install bubblewrap")
                .contains("--trusted");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFailingPluginNamesItselfAndTheStepAndWritesNoResult() throws Exception {
        for (Class<? extends UnlearningObjective> broken : List.of(ThrowingObjective.class, NanObjective.class, VectorObjective.class)) {
            Path jar = pluginJar(broken.getSimpleName(), broken);
            Path out = home.resolve(broken.getSimpleName() + ".json");
            Run run = evaluate("--plugin", jar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
                    "--alphas", "3", "--permutations", "10", "--learning-rate", "0.01", "--out", out.toString());
            assertThat(run.exitCode()).as(broken.getSimpleName()).isEqualTo(1);
            assertThat(run.err()).contains(broken.getSimpleName()).contains("step 0");
            assertThat(out).doesNotExist();
            try (Stream<Path> files = Files.list(home)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
            }
        }
    }

    @Test
    void aTestbedNamedByItsHashIsEvaluatedAloneAndReportedAsMarkdownOnStdout() {
        Run run = evaluate("--plugin", gaJar.toString(), "--testbed", testbed.hash(), "--alphas", "2",
                "--permutations", "10", "--learning-rate", "0.02", "--format", "markdown");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("## ga 1.0.0 on " + testbed.hash())
                .contains("Unlearning objective, 1 mask seed (7), ")
                .contains("1 seed: no spread, no test.")
                .contains("| AUES |")
                .contains("| MU95 (log10 FQ) |");
    }

    @Test
    void aScheduleOrGridThatIsNotTwoSensibleNumbersIsRefusedByName() {
        Run schedule = evaluate("--plugin", gaJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7", "--schedule", "1,0");
        assertThat(schedule.exitCode()).isEqualTo(2);
        assertThat(schedule.err()).contains("--schedule needs EPOCHS,STEPS");
        Run grid = evaluate("--plugin", gaJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7", "--calibration-grid", "2");
        assertThat(grid.exitCode()).isEqualTo(2);
        assertThat(grid.err()).contains("--calibration-grid needs BELOW,ABOVE");
    }

    @Test
    void missingSeedsAreNamedWithTheCommandThatBuildsThem() {
        Run run = evaluate("--plugin", gaJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7,19,31");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("mask seeds 19,31")
                .contains("./lacuna testbed build --data synthetic --model tiny --mask-seed 19,31");
    }

    private static Run evaluate(String... args) {
        return Evaluations.evaluate(home, args);
    }

    private static List<String> schemaErrors(JsonNode result) {
        return Evaluations.schemaErrors(result);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
