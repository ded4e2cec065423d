package dev.lacuna.submissions.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.testkit.FakeLocalizationContext;
import dev.lacuna.spi.testkit.FakeModel;
import dev.lacuna.spi.testkit.PluginChecks;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationsLocalizerTest {

    private static final ModelShape SHAPE = new ModelShape(2, 2, 3, 5);

    /** Layer 0: norms 5, 1, 0. Layer 1: norms 1, 2, 10. */
    private static final float[][] VALUE_VECTORS = {
        {3, 4, 0, 1, 0, 0},
        {1, 0, 0, 2, 6, 8},
    };

    /** Two forget items; layer 0 sees 2 + 2 = 4 answer positions, layer 1 sees 2 + 1 = 3. */
    private static final List<Visit> FORGET = List.of(
            new Visit(0, 0, 2, new float[] {1, -2, 5, -3, 0, 1}),
            new Visit(0, 1, 2, new float[] {1, 1, 0, 0, -1, 0}),
            new Visit(1, 0, 2, new float[] {0, 2, 0, 2, 0, 2}),
            new Visit(1, 1, 1, new float[] {2, -1, 1}));

    @Test
    void scoresAreMeanAbsoluteActivationTimesNormDividedByTheLayerMean() {
        float[] scores = score(model(VALUE_VECTORS, FORGET));

        // layer 0: sum |h| = 6, 4, 8 over T = 4 -> 1.5, 1, 2; times norms 5, 1, 0 -> 7.5, 1, 0;
        //          layer mean 8.5 / 3 -> 7.5 * 3 / 8.5 = 45/17, 1 * 3 / 8.5 = 6/17, 0
        // layer 1: sum |h| = 3, 3, 1 over T = 3 -> 1, 1, 1/3; times norms 1, 2, 10 -> 1, 2, 10/3;
        //          layer mean (19/3) / 3 = 19/9 -> 9/19, 18/19, (10/3) * (9/19) = 30/19
        assertThat(scores).containsExactly(
                new float[] {45f / 17, 6f / 17, 0f, 9f / 19, 18f / 19, 30f / 19}, within(1e-6f));
    }

    @Test
    void scalingOneLayersValueVectorsLeavesItsScoresUnchanged() {
        float[][] scaled = {VALUE_VECTORS[0], new float[6]};
        for (int j = 0; j < 6; j++) {
            scaled[1][j] = 10 * VALUE_VECTORS[1][j];
        }

        float[] original = score(model(VALUE_VECTORS, FORGET));
        float[] rescaled = score(model(scaled, FORGET));

        assertThat(rescaled).containsExactly(original, within(1e-6f));
    }

    @Test
    void aLayerWithoutActivationsScoresZeroRatherThanNaN() {
        List<Visit> silentLayerOne = List.of(
                new Visit(0, 0, 1, new float[] {1, 0, 0}),
                new Visit(0, 1, 1, new float[] {0, 0, 0}));

        float[] scores = score(model(VALUE_VECTORS, silentLayerOne));

        // layer 0: 1 * 5, 0, 0 -> mean 5/3 -> 3, 0, 0; layer 1 all zero, mean 0 -> zeros
        assertThat(scores).containsExactly(new float[] {3f, 0f, 0f, 0f, 0f, 0f}, within(1e-6f));
    }

    private record Visit(int item, int layer, int positions, float[] coefficients) {
    }

    /** The value vectors and forget activations, and nothing else: the localizer must read no gradients. */
    private static FakeModel model(float[][] valueVectors, List<Visit> forget) {
        FakeModel.Builder model = FakeModel.builder(SHAPE);
        for (int layer = 0; layer < valueVectors.length; layer++) {
            model.valueVectors(layer, valueVectors[layer]);
        }
        for (Visit visit : forget) {
            model.activations(DataSplit.FORGET, visit.item(), visit.layer(), visit.positions(), visit.coefficients());
        }
        return model.build();
    }

    private static float[] score(FakeModel model) {
        return PluginChecks.scores(new ActivationsLocalizer(), FakeLocalizationContext.builder(model).fraction(0.5).build());
    }
}
