package dev.lacuna.results;

import static dev.lacuna.results.ResultFiles.LOCALIZATION_ONLY;
import static dev.lacuna.results.ResultFiles.LOCALIZER;
import static dev.lacuna.results.ResultFiles.OBJECTIVE;
import static dev.lacuna.results.ResultFiles.at;
import static dev.lacuna.results.ResultFiles.edited;
import static dev.lacuna.results.ResultFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ResultCodec} on real result files: they read and write back byte for byte, records survive a write and a
 * read exactly, and what is missing, mistyped, unknown or of another schema version is refused naming its path.
 */
class ResultCodecTest {

    /** A run with values that do not survive a careless decimal rendering. */
    private static final Run FULL = new Run(12, 0.41421356237309503, -2.718281828459045, true, List.of(
            new CurvePoint(0, 0.1, 0.9, 0.8123456789012345, -3.3333333333333335),
            new CurvePoint(0.5, 0.55, 0.7, 0.6, -1.0e-17),
            new CurvePoint(1, 1.0, 0.25, 0.0, -12.75)), null, null);

    /** A run on data without utility sets: MU, FQ and MU95 are null. */
    private static final Run WITHOUT_UTILITY = new Run(3, 0.125, null, null, List.of(
            new CurvePoint(0, 0.0, 1.0, null, null),
            new CurvePoint(1, 0.75, 0.5, null, null)), null, null);

    @ParameterizedTest
    @ValueSource(strings = {OBJECTIVE, LOCALIZER, LOCALIZATION_ONLY})
    void aHarnessFileReadsAndWritesBackByteForByte(String name) {
        String text = text(name);
        Result result = ResultCodec.read(text);

        assertThat(ResultCodec.write(result)).isEqualTo(text);
        assertThat(ResultCodec.read(ResultCodec.write(result))).isEqualTo(result);
    }

    @Test
    void theRecordsHoldWhatTheFileSays() {
        ObjectiveResult objective = (ObjectiveResult) ResultCodec.read(text(OBJECTIVE));
        assertThat(objective.plugin().name()).isEqualTo("npo-objective");
        assertThat(objective.seeds()).containsExactly(7L, 19L);
        assertThat(objective.perSeed()).extracting(SeedRuns::maskSeed).containsExactly(7L, 19L);
        assertThat(objective.settings().alphas()).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
        assertThat(objective.calibration().calibrated()).isTrue();
        assertThat(objective.perSeed().get(0).oracle().curve()).hasSize(5);
        assertThat(objective.summary().permutations()).isEqualTo(200);
        assertThat(objective.testbedHash()).isEqualTo(ResultCodec.combinedTestbedHash(objective.perSeed()));

        LocalizerResult localizer = (LocalizerResult) ResultCodec.read(text(LOCALIZER));
        assertThat(localizer.groundTruthGranted()).isTrue();
        assertThat(localizer.unlearning()).isTrue();
        assertThat(localizer.calibration().calibrated()).isFalse();
        assertThat(localizer.calibration().reachedTarget()).isNull();
        assertThat(localizer.summary().precisionAtP()).isEqualTo(1.0);
        assertThat(localizer.perSeed().get(1).localized()).isEqualTo(localizer.perSeed().get(1).oracle());
        assertThat(localizer.testbedHash()).isEqualTo(ResultCodec.combinedTestbedHash(localizer.perSeed()));

        LocalizerResult only = (LocalizerResult) ResultCodec.read(text(LOCALIZATION_ONLY));
        assertThat(only.unlearning()).isFalse();
        assertThat(only.calibration()).isNull();
        assertThat(only.perSeed().get(0).localized()).isNull();
        assertThat(only.summary().auesLocalized()).isNull();
        assertThat(only.summary().perLayerPrecision()).isNotEmpty();
    }

    @Test
    void aResultBuiltInCodeSurvivesAWriteAndAReadExactly() {
        SeedRuns seed = new SeedRuns(7, "a".repeat(64), 7 * 1_000_003L + 17, FULL, new Run(12, 0.3, -1.5, false, FULL.curve(), null, null), null);
        Settings settings = new Settings(List.of(0.0, 0.5, 1.0), 5, 125, 16, 0.01, 0.95, 2.0, Map.of("beta", "0.5", "alpha", "x"), null);
        ObjectiveResult result = ObjectiveResult.of(
                new ObjectiveSummary(0.41421356237309503, 0.3, 0.11421356237309503, 0.5, -2.718281828459045, -1.5,
                        1.218281828459045, 1.0, 0.0, 0.0, 0.0, 0.0, 100, 5L, null, null, null, null, null, null, null, null, null),
                new Plugin("npo", "1.0", "b".repeat(64)), "synthetic/tiny", "cpu", "float32", true,
                new Utility(true, "MU and FQ computed on every point"), settings,
                new Calibration(2e-3, true, 7, true, 1e-3, List.of(new Probe(1e-3, 0.9), new Probe(2e-3, 0.97))),
                List.of(seed), new ObjectiveTimings(1, 0.1, 0.2, 0.3, 0.1, 0.05));

        String text = ResultCodec.write(result);

        assertThat(ResultCodec.read(text)).isEqualTo(result);
        assertThat(text).endsWith("}\n").contains("\"options\" : {\n      \"alpha\" : \"x\",\n      \"beta\" : \"0.5\"\n    }");
        assertThat(result.seeds()).containsExactly(7L);
        assertThat(result.pluginSha256()).isEqualTo("b".repeat(64));
    }

    @Test
    void aRunReadsBackFromItsTreeExactly() {
        for (Run run : List.of(FULL, WITHOUT_UTILITY)) {
            assertThat(ResultCodec.fromTree(ResultCodec.toTree(run), Run.class, "run")).isEqualTo(run);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"region_size", "aues", "mu95", "mu95_reached", "curve"})
    void aMissingFieldOfARunIsRefusedByItsPath(String field) {
        String text = edited(OBJECTIVE, t -> at(t, "per_seed", 1, "random").remove(field));

        assertRefused(text, "'per_seed[1].random." + field + "' is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alpha", "fs", "rs", "mu", "log10_fq"})
    void aMissingFieldOfACurvePointIsRefusedByItsPath(String field) {
        String text = edited(OBJECTIVE, t -> at(t, "per_seed", 0, "oracle", "curve", 3).remove(field));

        assertRefused(text, "'per_seed[0].oracle.curve[3]." + field + "' is missing");
    }

    @Test
    void missingRequiredFieldsAnywhereAreRefusedByTheirPath() {
        assertRefused(edited(OBJECTIVE, t -> t.remove("summary")), "'summary' is missing");
        assertRefused(edited(OBJECTIVE, t -> at(t, "summary").remove("aues_p")), "'summary.aues_p' is missing");
        assertRefused(edited(OBJECTIVE, t -> at(t, "calibration", "probes", 0).remove("fs")), "'calibration.probes[0].fs' is missing");
        assertRefused(edited(LOCALIZER, t -> at(t, "per_seed", 0, "localization", "per_layer", 1).remove("auroc")),
                "'per_seed[0].localization.per_layer[1].auroc' is missing");
        assertRefused(edited(LOCALIZER, t -> at(t, "per_seed", 1).remove("localized")), "'per_seed[1].localized' is missing");
        assertRefused(edited(LOCALIZER, t -> at(t, "timings").remove("localization_seconds")),
                "'timings.localization_seconds' is missing");
        assertRefused(edited(LOCALIZATION_ONLY, t -> t.remove("calibration")), "'calibration' is missing");
    }

    @Test
    void valuesOfTheWrongTypeAreRefusedByTheirPath() {
        assertRefused(edited(OBJECTIVE, t -> at(t, "per_seed", 0, "oracle").put("aues", "0.41")),
                "'per_seed[0].oracle.aues' is not a number: \"0.41\"");
        assertRefused(edited(OBJECTIVE, t -> at(t, "per_seed", 0, "oracle", "curve", 0).putNull("fs")),
                "'per_seed[0].oracle.curve[0].fs' is not a number: null");
        assertRefused(edited(OBJECTIVE, t -> at(t, "per_seed", 0, "oracle", "curve", 2).put("mu", true)),
                "'per_seed[0].oracle.curve[2].mu' is neither null nor a number: true");
        assertRefused(edited(OBJECTIVE, t -> at(t, "per_seed", 0, "oracle").put("region_size", 12.5)),
                "'per_seed[0].oracle.region_size' is not an integer: 12.5");
        assertRefused(edited(OBJECTIVE, t -> at(t, "per_seed", 0, "random").put("mu95_reached", "true")),
                "'per_seed[0].random.mu95_reached' is neither null nor a boolean: \"true\"");
        assertRefused(edited(OBJECTIVE, t -> at(t, "per_seed", 0, "random").put("curve", "[]")),
                "'per_seed[0].random.curve' is not an array");
        assertRefused(edited(OBJECTIVE, t -> t.put("seeds", "7,19")), "'seeds' is not an array");
        assertRefused(edited(OBJECTIVE, t -> t.withArray("seeds").set(1, 19.5)), "'seeds[1]' is not an integer: 19.5");
        assertRefused(edited(OBJECTIVE, t -> t.put("sandboxed", "yes")), "'sandboxed' is not a boolean");
        assertRefused(edited(OBJECTIVE, t -> at(t, "settings", "options").put("beta", 0.5)),
                "'settings.options.beta' is not a string: 0.5");
        assertRefused(edited(OBJECTIVE, t -> t.putNull("calibration")), "'calibration' is not an object: null");
        assertRefused(edited(LOCALIZER, t -> at(t, "per_seed", 0, "score_distribution").withArray("in_region").set(0, -0.5)),
                "'per_seed[0].score_distribution.in_region[0]' is not an integer");
    }

    @Test
    void anUnknownSchemaVersionOrKindIsRefused() {
        assertRefused(edited(OBJECTIVE, t -> t.put("schema_version", 2)), "'schema_version' is 2, not 1: an unknown version");
        assertRefused(edited(OBJECTIVE, t -> t.put("schema_version", "1")), "'schema_version' is \"1\", not 1");
        assertRefused(edited(OBJECTIVE, t -> t.remove("schema_version")), "'schema_version' is missing");
        assertRefused(edited(OBJECTIVE, t -> t.put("kind", "benchmark")), "'kind' is \"benchmark\", neither");
        assertRefused(edited(OBJECTIVE, t -> t.remove("kind")), "'kind' is missing");
        // an objective's fields under the localizer's kind are no localizer's
        assertRefused(edited(OBJECTIVE, t -> t.put("kind", "localizer")), "'summary.aues_delta' is not a field");
    }

    @Test
    void unknownKeysDuplicateKeysAndTextThatIsNoResultAreRefused() {
        assertRefused(edited(OBJECTIVE, t -> at(t, "summary").put("aues_oracel", 0.5)), "'summary.aues_oracel' is not a field");
        assertRefused(edited(OBJECTIVE, t -> at(t, "timings").put("download_seconds", 1.0)), "'timings.download_seconds' is not a field");
        assertRefused(text(OBJECTIVE).replaceFirst("\"device\" : \"cpu\",", "\"device\" : \"cpu\",\n  \"device\" : \"gpu\","),
                "not a JSON document: Duplicate field 'device'");
        assertRefused("[1, 2]", "not a JSON object");
        assertRefused("{\"schema_version\": 1", "not a JSON document");
        assertRefused(text(OBJECTIVE) + "{}", "not a JSON document");
    }

    @Test
    void anOptionalKeyMayBeAbsentAndStaysAbsentWhenWritten() {
        String text = edited(OBJECTIVE, t -> at(t, "summary").remove("aues_oracle_sd"));

        ObjectiveResult result = (ObjectiveResult) ResultCodec.read(text);

        assertThat(result.summary().auesOracleSd()).isNull();
        assertThat(ResultCodec.write(result)).isEqualTo(text).doesNotContain("aues_oracle_sd");
        // a nullable optional key is written as null, as the harness writes it
        LocalizerResult only = (LocalizerResult) ResultCodec.read(edited(LOCALIZATION_ONLY, t -> at(t, "summary").remove("mu95_oracle")));
        assertThat(ResultCodec.write(only)).contains("\"mu95_oracle\" : null");
    }

    @Test
    void aResultWithoutADtypeWasComputedInFloat32AndOneWithADtypeKeepsIt() {
        ObjectiveResult old = (ObjectiveResult) ResultCodec.read(text(OBJECTIVE));
        assertThat(old.dtype()).isNull();
        assertThat(old.computedIn()).isEqualTo("float32");
        assertThat(ResultCodec.write(old)).isEqualTo(text(OBJECTIVE)).doesNotContain("\"dtype\"");

        for (String name : List.of(OBJECTIVE, LOCALIZER)) {
            Result half = ResultCodec.read(edited(name, t -> t.put("dtype", "bfloat16")));
            assertThat(half.dtype()).isEqualTo("bfloat16");
            assertThat(half.computedIn()).isEqualTo("bfloat16");
            assertThat(ResultCodec.write(half)).contains("\"device\" : \"cpu\",\n  \"dtype\" : \"bfloat16\",\n");
            assertThat(ResultCodec.read(ResultCodec.write(half))).isEqualTo(half);
        }
        assertRefused(edited(OBJECTIVE, t -> t.put("dtype", "float64")), "dtype 'float64' is none of [float32, float16, bfloat16]");
    }

    @Test
    void aRecordThatBreaksTheSchemaCannotBeWritten() {
        Run nan = new Run(3, Double.NaN, null, null, WITHOUT_UTILITY.curve(), null, null);
        assertThatThrownBy(() -> ResultCodec.toTree(nan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'aues'").hasMessageContaining("NaN");
        Plugin unnamed = new Plugin(null, "1.0", "c".repeat(64));
        assertThatThrownBy(() -> ResultCodec.toTree(unnamed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'").hasMessageContaining("null");
    }

    @Test
    void theCombinedTestbedHashIsTheSha256OfTheSeedAndHashLines() throws Exception {
        String hash = ResultCodec.combinedTestbedHash(List.of(7L, 19L), List.of("x", "y"));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("7\nx\n19\ny\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(hash).isEqualTo(java.util.HexFormat.of().formatHex(digest));
        assertThatThrownBy(() -> ResultCodec.combinedTestbedHash(List.of(7L), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAreTheComponentsInSnakeCase() {
        assertThat(ResultCodec.key("pluginSha256")).isEqualTo("plugin_sha256");
        assertThat(ResultCodec.key("mu95P")).isEqualTo("mu95_p");
        assertThat(ResultCodec.key("auesPVsRandom")).isEqualTo("aues_p_vs_random");
        assertThat(ResultCodec.key("log10Fq")).isEqualTo("log10_fq");
        assertThat(ResultCodec.key("perSeed")).isEqualTo("per_seed");
    }

    @Test
    void anAtomicWriteLeavesTheTextAndNoTemporaryFile(@TempDir Path folder) throws Exception {
        Path target = folder.resolve("sub/result.json");
        ResultCodec.writeAtomically(target, "one\n");
        ResultCodec.writeAtomically(target, "two\n");

        assertThat(target).hasContent("two");
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("result.json");
        }
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> ResultCodec.read(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
