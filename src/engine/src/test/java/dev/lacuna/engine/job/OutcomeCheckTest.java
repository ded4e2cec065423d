package dev.lacuna.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.localization.LocalizerFailure;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.objective.ObjectiveFailure;
import dev.lacuna.engine.protocol.UnlearningSettings;
import dev.lacuna.spi.PluginKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parent's checks on an outcome: it must answer the job sent, with finite numbers of the job's shape. */
class OutcomeCheckTest {

    private static final ModelConfig MODEL = ModelConfig.tiny(40);
    private static final String PLUGIN = "ab".repeat(32);
    private static final String TESTBED = "cd".repeat(32);
    private static final List<EncodedItem> ITEMS = List.of(new EncodedItem("a", new int[] {1}, new int[] {2}));
    private static final Region REGION = Region.of(MODEL.layers(), MODEL.dFf(), 3, 4, MODEL.dFf() + 9);

    private final PluginJob.Localize localize = new PluginJob.Localize("job", PLUGIN, TESTBED, MODEL, ITEMS, ITEMS, 0,
            new int[] {0}, 7, 0.1, Map.of());
    private final PluginJob.Unlearn unlearn = new PluginJob.Unlearn("job", PLUGIN, TESTBED, MODEL, ITEMS, ITEMS, ITEMS, 0, REGION,
            UnlearningSettings.standard(1e-3, 7, Map.of()));

    @Test
    void scoresThatAnswerTheJobAreAccepted() {
        float[] scores = new float[MODEL.layers() * MODEL.dFf()];
        scores[5] = 2;
        assertThat(OutcomeCheck.scores(localize, new JobOutcome.Scored("job", PLUGIN, TESTBED, scores, 0), "p")).isEqualTo(scores);
    }

    @Test
    void anOutcomeForAnotherJobPluginOrTestbedIsAForgery() {
        float[] scores = new float[MODEL.layers() * MODEL.dFf()];
        assertThatThrownBy(() -> OutcomeCheck.scores(localize, new JobOutcome.Scored("other", PLUGIN, TESTBED, scores, 0), "p"))
                .isInstanceOf(LocalizerFailure.class).hasMessageContaining("it answers job other, not the job sent (job)");
        assertThatThrownBy(() -> OutcomeCheck.scores(localize, new JobOutcome.Scored("job", "0".repeat(64), TESTBED, scores, 0), "p"))
                .hasMessageContaining("its plugin sha256 " + "0".repeat(64) + " is not the job's " + PLUGIN);
        assertThatThrownBy(() -> OutcomeCheck.scores(localize, new JobOutcome.Scored("job", PLUGIN, "f".repeat(64), scores, 0), "p"))
                .hasMessageContaining("its testbed hash");
        assertThatThrownBy(() -> OutcomeCheck.scores(localize, new JobOutcome.Described("job", PLUGIN, 1e-3), "p"))
                .hasMessageContaining("a Described outcome, expected Scored");
        assertThatThrownBy(() -> OutcomeCheck.scores(localize, null, "p")).hasMessageContaining("ended without an outcome");
    }

    @Test
    void aFailureIsPassedOnAsTheJobsError() {
        assertThatThrownBy(() -> OutcomeCheck.rows(unlearn, new JobOutcome.Failed("job", "p failed at step 3: boom"), "p"))
                .isInstanceOf(ObjectiveFailure.class).hasMessage("p failed at step 3: boom");
    }

    @Test
    void unlearnedRowsMustHaveTheRegionsShapeAndBeFinite() {
        int d = MODEL.dModel();
        float[][] good = {new float[2 * d], new float[d]};
        assertThat(OutcomeCheck.rows(unlearn, new JobOutcome.Unlearned("job", PLUGIN, TESTBED, 10, good, 0), "p")).isSameAs(good);
        float[][] shortRows = {new float[2 * d], new float[d - 1]};
        assertThatThrownBy(() -> OutcomeCheck.rows(unlearn, new JobOutcome.Unlearned("job", PLUGIN, TESTBED, 10, shortRows, 0), "p"))
                .hasMessageContaining("layer 1 holds " + (d - 1) + " values, the region's 1 rows of " + d + " are " + d);
        float[][] nan = {new float[2 * d], new float[d]};
        nan[0][d + 1] = Float.NaN;
        assertThatThrownBy(() -> OutcomeCheck.rows(unlearn, new JobOutcome.Unlearned("job", PLUGIN, TESTBED, 10, nan, 0), "p"))
                .hasMessageContaining("non-finite weight (NaN) in layer 0, region row 1");
        assertThatThrownBy(() -> OutcomeCheck.rows(unlearn, new JobOutcome.Unlearned("job", PLUGIN, TESTBED, 10, new float[1][], 0),
                "p")).hasMessageContaining("holds 1 layers of rows, the model 2");
    }

    @Test
    void aSuggestedRateMustBePositiveAndFinite() {
        PluginJob.Describe describe = new PluginJob.Describe("job", PLUGIN, PluginKind.OBJECTIVE);
        assertThat(OutcomeCheck.suggestedRate(describe, new JobOutcome.Described("job", PLUGIN, 2e-3), "p")).isEqualTo(2e-3);
        assertThatThrownBy(() -> OutcomeCheck.suggestedRate(describe, new JobOutcome.Described("job", PLUGIN, Double.NaN), "p"))
                .hasMessageContaining("suggests an invalid learning rate NaN");
    }
}
