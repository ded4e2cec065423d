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
    void anObjectiveShowsItsAuesAndMu95Rows() {
        ObjectiveResult r = (ObjectiveResult) ResultCodec.read(text(OBJECTIVE));
        String md = ResultMarkdown.of(r);
        assertThat(md).startsWith("## npo-objective 1.0.0 on synthetic/tiny\n\nSeeds [7, 19], learning rate ")
                .contains(String.format(Locale.ROOT, "| AUES | %.4f ± %.4f | %.4f ± %.4f | %.4f | %.4f |", r.summary().auesOracle(),
                        r.summary().auesOracleSd(), r.summary().auesRandom(), r.summary().auesRandomSd(), r.summary().auesDelta(),
                        r.summary().auesP()))
                .contains("| MU95 (log10 FQ) |");
    }

    @Test
    void aLocalizerShowsItsLocalizationUnlearningAndLayers() {
        LocalizerResult r = (LocalizerResult) ResultCodec.read(text(LOCALIZER));
        assertThat(ResultMarkdown.of(r)).contains("Seeds [7, 19], reference objective npo-objective, learning rate 0.0500, device cpu.")
                .contains("Localization: precision@p 1.0000 ± 0.0000").contains("| AUES |").contains("| layer | precision |\n|---|---|\n| 0 |");
        assertThat(ResultMarkdown.of(ResultCodec.read(text(LOCALIZATION_ONLY)))).contains("localization only (no unlearning)")
                .doesNotContain("| AUES |").contains("| layer | precision |");
    }
}
