package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.cli.Evaluations.Run;
import dev.lacuna.cli.localizers.NanLocalizer;
import dev.lacuna.cli.localizers.WrongLengthLocalizer;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.submissions.activations.ActivationsLocalizer;
import dev.lacuna.submissions.memflex.MemFlexLocalizer;
import dev.lacuna.submissions.npo.NegativePreferenceOptimization;
import dev.lacuna.submissions.random.RandomLocalizer;
import dev.lacuna.submissions.wagle.WagleLocalizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code lacuna evaluate} of localizers end to end on the shared tiny synthetic testbed (mask seed 7): the
 * built-in localizers packed into plugin JARs, the Oracle's harness-only ground truth, broken plugins and
 * schema validation. A fixed learning rate and few alphas keep it short; five-seed numbers are in
 * docs/benchmarks.md.
 */
class EvaluateLocalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RATE = "0.05";

    private static Path home;
    private static Testbed testbed;
    private static Path npoJar;

    @BeforeAll
    static void buildTestbedAndReference() throws Exception {
        home = TinyTestbedHome.home();
        testbed = TinyTestbedHome.testbed();
        npoJar = PluginJars.pack(home, "npo-reference", PluginKind.OBJECTIVE, NegativePreferenceOptimization.class);
    }

    @Test
    void theHarnessOracleLocalizesPerfectlyAndUnlearnsExactlyLikeTheOracleRegion() throws Exception {
        Path out = home.resolve("oracle.json");
        Run run = Evaluations.evaluate(home, "--oracle", "--reference", npoJar.toString(), "--testbed", "synthetic/tiny",
                "--seeds", "7", "--alphas", "3", "--permutations", "100", "--learning-rate", RATE, "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(out.toFile());
        assertThat(Evaluations.schemaErrors(result)).isEmpty();
        assertThat(result.path("kind").asText()).isEqualTo("localizer");
        assertThat(result.path("ground_truth_granted").asBoolean()).isTrue();
        JsonNode summary = result.path("summary");
        assertThat(summary.path("precision_at_p").asDouble()).isEqualTo(1.0);
        assertThat(summary.path("recall").asDouble()).isEqualTo(1.0);
        assertThat(summary.path("average_precision").asDouble()).isEqualTo(1.0);
        assertThat(summary.path("auroc").asDouble()).isEqualTo(1.0);
        JsonNode seed = result.path("per_seed").get(0);
        assertThat(seed.path("region_size").asInt()).isEqualTo(testbed.targetRegion().size());
        // the localized region is V_tgt itself, so its unlearning run is the Oracle run, point for point
        assertThat(seed.path("localized")).isEqualTo(seed.path("oracle"));
        assertThat(summary.path("aues_localized").asDouble()).isEqualTo(summary.path("aues_oracle").asDouble());
        for (JsonNode layer : seed.path("localization").path("per_layer")) {
            if (!layer.path("precision").isNull()) {
                assertThat(layer.path("precision").asDouble()).isEqualTo(1.0);
            }
        }
        // every in-region score is 1 and every other 0: all in-region counts sit in the top bin
        JsonNode histogram = seed.path("score_distribution");
        int bins = histogram.path("bins").asInt();
        assertThat(histogram.path("in_region").get(bins - 1).asInt()).isEqualTo(testbed.targetRegion().size());
        assertThat(histogram.path("out_of_region").get(0).asInt())
                .isEqualTo(testbed.config().valueVectors() - testbed.targetRegion().size());
    }

    @Test
    void randomScoresLocalizeAtChanceLevel() throws Exception {
        Path out = home.resolve("random.json");
        Run run = evaluateLocalizer("random", RandomLocalizer.class, "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(out.toFile());
        assertThat(Evaluations.schemaErrors(result)).isEmpty();
        Region truth = testbed.targetRegion();
        int n = testbed.config().valueVectors();
        int k = truth.size();
        double p = (double) k / n;
        // hits of k random picks among n, k of them true: hypergeometric; 99 % two-sided band = 2.576 sd
        double hitSd = Math.sqrt(k * p * (1 - p) * (n - k) / (n - 1.0));
        assertThat(result.path("summary").path("precision_at_p").asDouble()).isCloseTo(p, within(2.576 * hitSd / k));
        // AUROC of random scores: mean 0.5, sd sqrt((n1 + n0 + 1) / (12 n1 n0)) (Hanley & McNeil); 99 % band
        double aurocSd = Math.sqrt((n + 1.0) / (12.0 * k * (n - k)));
        assertThat(result.path("summary").path("auroc").asDouble()).isCloseTo(0.5, within(2.576 * aurocSd));
        assertThat(result.path("ground_truth_granted").asBoolean()).isFalse();
    }

    @Test
    void theOracleAndRandomSweepsOfOneTestbedAreComputedOnceAndReusedByTheNextLocalizer() throws Exception {
        // settings no other test uses (66 permutations), so the sweeps kept here are this test's alone
        TinyTestbedHome.delete(home.resolve("outcomes"));
        List<JsonNode> seeds = new java.util.ArrayList<>();
        List<String> said = new java.util.ArrayList<>();
        for (Class<?> type : List.of(RandomLocalizer.class, ActivationsLocalizer.class)) {
            Path jar = PluginJars.pack(home, "shared-" + type.getSimpleName(), PluginKind.LOCALIZER, type);
            Path out = home.resolve("shared-" + type.getSimpleName() + ".json");
            Run run = Evaluations.run("evaluate", "--home", home.toString(), "--plugin", jar.toString(), "--reference",
                    npoJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7", "--alphas", "3", "--permutations", "66",
                    "--learning-rate", RATE, "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            seeds.add(JSON.readTree(out.toFile()).path("per_seed").get(0));
            said.add(run.err());
        }
        assertThat(said.get(0)).doesNotContain("resumed");
        assertThat(said.get(1)).as("the reference's Oracle and Random sweeps of the first localizer")
                .contains("resumed: 2 of the calibration and sweeps were taken from an earlier run");
        assertThat(seeds.get(1).path("oracle")).isEqualTo(seeds.get(0).path("oracle"));
        assertThat(seeds.get(1).path("random")).isEqualTo(seeds.get(0).path("random"));
        assertThat(seeds.get(1).path("localized")).isNotEqualTo(seeds.get(0).path("localized"));
    }

    @Test
    void modelBasedLocalizersRunToSchemaValidResults() throws Exception {
        for (Class<?> type : List.of(ActivationsLocalizer.class, MemFlexLocalizer.class, WagleLocalizer.class)) {
            Path out = home.resolve(type.getSimpleName() + ".json");
            Run run = evaluateLocalizer(type.getSimpleName(), type, "--out", out.toString());
            assertThat(run.exitCode()).as(type.getSimpleName() + ": " + run.err()).isZero();
            JsonNode result = JSON.readTree(out.toFile());
            assertThat(Evaluations.schemaErrors(result)).as(type.getSimpleName()).isEmpty();
            JsonNode seed = result.path("per_seed").get(0);
            assertThat(seed.path("localization").path("per_layer").size()).isEqualTo(testbed.config().layers());
            assertThat(seed.path("localized").path("region_size").asInt()).isEqualTo(testbed.targetRegion().size());
        }
    }

    @Test
    void scoresOfTheWrongLengthOrNotFiniteFailNamingThePluginAndWriteNoResult() throws Exception {
        Path shortOut = home.resolve("short.json");
        Run wrongLength = evaluateLocalizer("short-scores", WrongLengthLocalizer.class, "--out", shortOut.toString());
        assertThat(wrongLength.exitCode()).isEqualTo(1);
        assertThat(wrongLength.err()).contains("short-scores returned " + (testbed.config().valueVectors() - 1) + " scores");
        assertThat(shortOut).doesNotExist();

        Path nanOut = home.resolve("nan.json");
        Run nan = evaluateLocalizer("nan-scores", NanLocalizer.class, "--out", nanOut.toString());
        assertThat(nan.exitCode()).isEqualTo(1);
        assertThat(nan.err()).contains("nan-scores returned a non-finite score (NaN)").contains("mask seed 7");
        assertThat(nanOut).doesNotExist();
    }

    @Test
    void aLocalizerResultReadsAsMarkdownWithThePerLayerTable() throws Exception {
        Run run = evaluateLocalizer("random-md", RandomLocalizer.class, "--format", "markdown");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("## random-md 1.0.0 on synthetic/tiny").contains("against V_tgt: precision@p")
                .contains("| AUES |").contains("| layer | precision |");
    }

    @Test
    void localizationOnlyGivesTheSameLocalizationWithoutUnlearningOrCalibration() throws Exception {
        Path full = home.resolve("random-full.json");
        Path only = home.resolve("random-only.json");
        assertThat(evaluateLocalizer("random-only", RandomLocalizer.class, "--out", full.toString()).exitCode()).isZero();
        Run run = evaluateLocalizer("random-only", RandomLocalizer.class, "--localization-only", "--out", only.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("localization only");
        JsonNode result = JSON.readTree(only.toFile());
        assertThat(Evaluations.schemaErrors(result)).isEmpty();
        assertThat(result.path("unlearning").asBoolean()).isFalse();
        assertThat(result.path("calibration").isNull()).isTrue();
        JsonNode summary = result.path("summary");
        for (String field : List.of("aues_localized", "aues_random", "aues_oracle", "aues_p_vs_random", "mu95_localized",
                "mu95_random")) {
            assertThat(summary.path(field).isNull()).as(field).isTrue();
        }
        JsonNode reference = JSON.readTree(full.toFile());
        assertThat(reference.path("unlearning").asBoolean()).isTrue();
        JsonNode seed = result.path("per_seed").get(0);
        JsonNode referenceSeed = reference.path("per_seed").get(0);
        assertThat(seed.path("localization")).isEqualTo(referenceSeed.path("localization"));
        assertThat(seed.path("score_distribution")).isEqualTo(referenceSeed.path("score_distribution"));
        assertThat(seed.path("localized").isNull()).isTrue();
        assertThat(result.path("timings").path("unlearning_seconds").asDouble()).isZero();

        Run markdown = evaluateLocalizer("random-only", RandomLocalizer.class, "--localization-only", "--format", "markdown");
        assertThat(markdown.out()).contains("Localization only: no unlearning ran.").contains("| layer | precision |")
                .doesNotContain("| AUES |");
    }

    @Test
    void aSandboxedLocalizerScoresExactlyAsInProcess() throws Exception {
        List<JsonNode> seeds = new java.util.ArrayList<>();
        for (String mode : List.of("sandboxed", "trusted")) {
            Path out = home.resolve("activations-" + mode + ".json");
            Run run = mode.equals("trusted")
                    ? evaluateLocalizer("activations-eq", ActivationsLocalizer.class, "--localization-only", "--trusted", "--out",
                    out.toString())
                    : evaluateLocalizer("activations-eq", ActivationsLocalizer.class, "--localization-only", "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode result = JSON.readTree(out.toFile());
            assertThat(result.path("sandboxed").asBoolean()).isEqualTo(mode.equals("sandboxed"));
            seeds.add(result.path("per_seed"));
        }
        assertThat(seeds.get(0)).isEqualTo(seeds.get(1));
    }

    @Test
    void localizationOnlyIsRefusedForObjectives() {
        Run run = Evaluations.evaluate(home, "--plugin", npoJar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
                "--localization-only");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--localization-only applies to localizer plugins only");
    }

    @Test
    void theOracleReferenceAndAPluginTogetherAreRefused() {
        Run run = Evaluations.evaluate(home, "--plugin", npoJar.toString(), "--oracle", "--testbed", "synthetic/tiny", "--seeds", "7");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--plugin PATH.jar, or evaluate the Oracle reference with --oracle (one of the two)");
    }

    private static Run evaluateLocalizer(String name, Class<?> type, String... extra) throws Exception {
        Path jar = PluginJars.pack(home, name, PluginKind.LOCALIZER, type);
        String[] base = {"--plugin", jar.toString(), "--reference", npoJar.toString(), "--testbed", "synthetic/tiny",
                "--seeds", "7", "--alphas", "3", "--permutations", "100", "--learning-rate", RATE};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Evaluations.evaluate(home, args);
    }
}
