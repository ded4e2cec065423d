package dev.lacuna.results;

import static dev.lacuna.results.ResultFiles.LOCALIZATION_ONLY;
import static dev.lacuna.results.ResultFiles.LOCALIZER;
import static dev.lacuna.results.ResultFiles.OBJECTIVE;
import static dev.lacuna.results.ResultFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@link ResultMarkdown} renders the numbers of the file. */
class ResultMarkdownTest {

    @Test
    void anObjectiveShowsItsOracleAndRandomRowsWithGapsAndPValues() {
        ObjectiveResult r = (ObjectiveResult) ResultCodec.read(text(OBJECTIVE));
        ObjectiveSummary s = r.summary();

        String md = ResultMarkdown.of(r);

        assertThat(md).startsWith("## npo-objective 1.0.0 on synthetic/tiny\n\nUnlearning objective, 2 mask seeds (7, 19), "
                + "device cpu, float32 weights, sandboxed.\nLearning rate 0.320, calibrated on seed 7: reached the FS target 0.95.\n");
        assertThat(md.lines()).containsSubsequence(
                String.format(Locale.ROOT, "| Oracle (V_tgt) | %.4f ± %.4f | %.4f ± %.4f |", s.auesOracle(), s.auesOracleSd(),
                        s.mu95Oracle(), s.mu95OracleSd()),
                String.format(Locale.ROOT, "| Random | %.4f ± %.4f | %.4f ± %.4f |", s.auesRandom(), s.auesRandomSd(),
                        s.mu95Random(), s.mu95RandomSd()),
                String.format(Locale.ROOT, "| abs. Delta | %.4f | %.4f |", s.auesDelta(), s.mu95Delta()),
                String.format(Locale.ROOT, "| p | %.4f | %.4f |", s.auesP(), s.mu95P()),
                "p: AUES permutation test and MU95 bootstrap test, 200 rounds each (statistics seed 20251123); ± is the sd over seeds.",
                "| 7 | `" + r.perSeed().get(0).testbedHash() + "` |",
                "Plugin JAR sha256 `" + r.pluginSha256() + "`.");
        assertThat(md).doesNotContain("[Full result");
        assertThat(ResultMarkdown.of(r, "https://example.org/r.json")).endsWith("\n[Full result (JSON)](https://example.org/r.json)\n");
    }

    @Test
    void aLocalizerShowsItsLocalizationUnlearningAndLayers() {
        LocalizerResult r = (LocalizerResult) ResultCodec.read(text(LOCALIZER));
        assertThat(ResultMarkdown.of(r)).contains("Reference objective npo-objective 1.0.0 unlearns in each region. Learning rate "
                        + "0.0500, fixed by the user (not calibrated).")
                .contains("precision@p 1.0000 ± 0.0000").contains("| Random (reference) |").contains("| Oracle (V_tgt, reference) |")
                .contains("| layer | precision |\n|---|---|\n| 0 |");
        assertThat(ResultMarkdown.of(ResultCodec.read(text(LOCALIZATION_ONLY)))).contains("Localization only: no unlearning ran.")
                .doesNotContain("| AUES |").contains("| layer | precision |")
                .contains("localization only: no unlearning ran, so AUES, MU95, MU and FQ are null.");
    }
}
