package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.cli.Evaluations.Run;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.results.Calibration;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.ResultCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lacuna report} on real result files: the published NPO result (five seeds), the Oracle localizer of the
 * test board, and a one-seed result made from the first seed of the NPO file, its summary computed by the
 * protocol's own function as a one-seed evaluation computes it.
 */
class ReportCommandTest {

    private static final Path LEADERBOARD = Path.of(System.getProperty("test.leaderboard.dir", "../../leaderboard"));
    private static final Path NPO = LEADERBOARD.resolve("results/synthetic-tiny/npo-objective.json");

    @TempDir
    Path temp;

    @Test
    void aFiveSeedObjectiveShowsItsRegionsGapsTestsCalibrationAndTestbeds() {
        Run run = report(NPO.toString(), "--format", "markdown", "--link", "https://example.org/runs/1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsSubsequence(
                "## npo-objective 0.1.0-SNAPSHOT on synthetic/tiny",
                "Unlearning objective, 5 mask seeds (7, 19, 31, 47, 99), device cpu, float32 weights, sandboxed.",
                "Learning rate 0.160, calibrated on seed 7: reached the FS target 0.95.",
                "| region | AUES | MU95 (log10 FQ) |",
                "| Oracle (V_tgt) | 0.8382 ± 0.0406 | -0.3168 ± 0.2843 |",
                "| Random | 0.8224 ± 0.0440 | -1.0442 ± 0.5582 |",
                "| abs. Delta | 0.0158 | 0.7274 |",
                "| p | 0.0357 | 0.0316 |",
                "p: AUES permutation test and MU95 bootstrap test, 10000 rounds each (statistics seed 20251123); ± is the sd over seeds.",
                "Testbeds (combined hash `f068eb591ad2c309ba20ceb4c039f014b489d3ccc24bd9e1975a863ea4265972`):",
                "| 7 | `7aecfa41d0274a3f03e09f9e7a9e753f0d8aa8cfc28732ad7c1fd28222de8492` |",
                "| 99 | `ec14dc233ebb7497bf07c855c58c852cbc491472997d3aff26a27a7be4336a61` |",
                "Plugin JAR sha256 `e240c500ac5f31048cbcad0fc8b43e95288b6603b1755b238db25ac9a5b5c706`.",
                "[Full result (JSON)](https://example.org/runs/1)");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void oneSeedShowsNoSpreadAndNoTestInsteadOfZeroSdAndPOne() throws Exception {
        ObjectiveResult five = (ObjectiveResult) ResultCodec.read(Files.readString(NPO));
        ObjectiveResult one = firstSeedOnly(five, five.calibration());

        Run run = report(file("one-seed.json", one).toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(one.summary().mu95P()).as("what the file holds, and the report must not present").isEqualTo(1.0);
        assertThat(run.out().lines()).containsSubsequence(
                "Unlearning objective, 1 mask seed (7), device cpu, float32 weights, sandboxed.",
                "| Oracle (V_tgt) | " + four(one.summary().auesOracle()) + " | " + four(one.summary().mu95Oracle()) + " |",
                "| Random | " + four(one.summary().auesRandom()) + " | " + four(one.summary().mu95Random()) + " |",
                "| abs. Delta | " + four(one.summary().auesDelta()) + " | " + four(one.summary().mu95Delta()) + " |",
                "1 seed: no spread, no test.");
        assertThat(run.out()).doesNotContain("±", "| p |", "permutation test");
    }

    @Test
    void aCalibrationThatMissedItsTargetIsSaid() throws Exception {
        ObjectiveResult five = (ObjectiveResult) ResultCodec.read(Files.readString(NPO));
        Calibration c = five.calibration();
        Calibration missed = new Calibration(c.learningRate(), true, c.seed(), false, c.suggestedLearningRate(), c.probes());

        Run run = report(file("missed.json", firstSeedOnly(five, missed)).toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Learning rate 0.160, calibrated on seed 7: did NOT reach the FS target 0.95 "
                + "(the largest rate on the grid was used).");
    }

    @Test
    void aLocalizerShowsItsRegionAgainstTheRandomAndOracleReferenceRows() throws Exception {
        Path oracle = Path.of(ReportCommandTest.class.getResource("/leaderboard/results/synthetic-tiny/oracle-localizer.json").toURI());

        Run run = report(oracle.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsSubsequence(
                "Localizer, 2 mask seeds (7, 19), device cpu, float32 weights, harness code reading V_tgt (the upper reference).",
                "| region | AUES | MU95 (log10 FQ) | AUES gap of R | MU95 gap of R |",
                "| localized (R) | 0.8004 ± 0.0592 | -1.1065 | | |",
                "| Random (reference) | 0.7696 ± 0.0579 | -1.7467 | +0.0308 (p 0.2488) | +0.6402 (p 0.3483) |",
                "| Oracle (V_tgt, reference) | 0.8004 ± 0.0592 | -1.1065 | +0.0000 (p 1.0000) | +0.0000 (p 1.0000) |",
                "| mask seed | testbed hash |");
    }

    @Test
    void aMissingFileIsAUsageError() {
        Run run = report(temp.resolve("nowhere.json").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("lacuna: no such result file: " + temp.resolve("nowhere.json"));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aTruncatedFileIsRefusedAsNoJson() throws Exception {
        Path cut = temp.resolve("cut.json");
        String text = Files.readString(NPO);
        Files.writeString(cut, text.substring(0, text.length() / 2));

        Run run = report(cut.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("lacuna: " + cut + " is not a result file: not a JSON document: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aFileTheSchemaRefusesNamesTheField() throws Exception {
        Path edited = temp.resolve("edited.json");
        String published = Files.readString(NPO);
        String text = published.replace("\"aues_p\" : 0.03569643035696431", "\"aues_p\" : 1.5");
        assertThat(text).as("the edit must hit the published p-value").isNotEqualTo(published);
        Files.writeString(edited, text);

        Run run = report(edited.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("lacuna: " + edited + " is not a result file: $.summary.aues_p: ");
    }

    @Test
    void aLinkThatIsNoWebAddressAndAnUnknownFormatAreUsageErrors() {
        assertThat(report(NPO.toString(), "--link", "javascript:alert(1)").err())
                .startsWith("lacuna: --link must be an http or https address, got 'javascript:alert(1)'");
        Run html = report(NPO.toString(), "--format", "html");
        assertThat(html.exitCode()).isEqualTo(2);
        assertThat(html.err()).startsWith("lacuna: --format must be markdown, got 'html'");
    }

    /** The result of the first seed alone, as a one-seed evaluation writes it. */
    private static ObjectiveResult firstSeedOnly(ObjectiveResult r, Calibration calibration) {
        var seeds = List.of(r.perSeed().get(0));
        var summary = ObjectiveProtocol.summary(seeds, r.utility().available(), r.summary().permutations(), r.summary().statisticsSeed());
        return ObjectiveResult.of(summary, r.plugin(), r.testbed(), r.device(), r.dtype(), r.sandboxed(), r.utility(), r.settings(), calibration,
                seeds, r.timings());
    }

    private Path file(String name, ObjectiveResult result) throws Exception {
        Path file = temp.resolve(name);
        Files.writeString(file, ResultCodec.write(result));
        return file;
    }

    private static String four(Double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static Run report(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "report";
        System.arraycopy(args, 0, full, 1, args.length);
        return Evaluations.run(full);
    }
}
