package dev.lacuna.engine.localization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.training.Trainer;
import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.GradientLoss;
import dev.lacuna.spi.ValueVectorGradients;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model view a localizer reads: activations equal those of a direct forward pass, gradients equal
 * finite differences of the loss, the model is left untouched, and the ground truth is out of reach
 * unless granted.
 */
class TestbedModelViewTest {

    private static final int VOCAB = 40;
    private static final int PAD = 0;
    private static Transformer model;
    private static List<EncodedItem> forget;
    private static List<EncodedItem> retain;

    @BeforeAll
    static void randomModelAndItems() {
        model = Transformer.initialize(ModelConfig.tiny(VOCAB), 3);
        forget = items(5, 11);
        retain = items(4, 12);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<EncodedItem> items(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<EncodedItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] prompt = random.ints(2 + random.nextInt(4), 3, VOCAB).toArray();
            prompt[0] = 1;
            items.add(new EncodedItem("item-" + i, prompt, random.ints(1 + random.nextInt(5), 3, VOCAB).toArray()));
        }
        return items;
    }

    private static TestbedModelView view() {
        return new TestbedModelView(model, forget, retain, PAD, new int[] {0, 1, 2}, "test-localizer");
    }

    @Test
    void activationsOfEachItemEqualThoseOfTheItemRunAlone() {
        Map<String, float[]> seen = new java.util.HashMap<>();
        try (TestbedModelView view = view()) {
            view.visitActivations(DataSplit.FORGET, (item, layer, positions, coefficients) -> {
                assertThat(positions).isEqualTo(forget.get(item).answer().length);
                seen.put(item + "/" + layer, coefficients.clone());
            });
        }
        assertThat(seen).hasSize(forget.size() * model.config().layers());
        for (int i = 0; i < forget.size(); i++) {
            try (NDScope ignored = new NDScope()) {
                Transformer.Forward alone = model.forward(TokenBatch.of(List.of(forget.get(i)), PAD, -1), Set.of(), true);
                for (int l = 0; l < model.config().layers(); l++) {
                    float[] expected = alone.activations().get(l).toFloatArray();
                    float[] actual = seen.get(i + "/" + l);
                    assertThat(actual).hasSameSizeAs(expected);
                    for (int j = 0; j < expected.length; j++) {
                        assertThat(actual[j]).isCloseTo(expected[j], within(1e-4f));
                    }
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOfTheLossAndLeaveTheModelUnchanged() {
        float[] before = model.valueMatrix(1).toFloatArray();
        ValueVectorGradients gradients;
        try (TestbedModelView view = view()) {
            gradients = view.gradients(DataSplit.FORGET, GradientLoss.meanAnswerNll());
        }
        assertThat(gradients.batches()).isEqualTo(1);
        assertThat(model.valueMatrix(1).toFloatArray()).isEqualTo(before);
        int dModel = model.config().dModel();
        int perLayer = model.config().dFf() * dModel;
        double step = 1e-2;
        for (int[] entry : new int[][] {{0, 5, 3}, {1, 100, 17}, {1, 511, 63}}) {
            int layer = entry[0];
            int flat = entry[1] * dModel + entry[2];
            double numeric;
            try (Transformer copy = model.copy()) {
                numeric = (lossWith(copy, layer, flat, step) - lossWith(copy, layer, flat, -2 * step)) / (2 * step);
            }
            double analytic = gradients.mean()[layer * perLayer + flat];
            // central difference in float32: rounding of a loss near ln(40) is ~2e-7, over 2 * step ~1e-5;
            // truncation is O(step^2) relative
            assertThat(Math.abs(numeric)).as("a weight the loss depends on").isGreaterThan(1e-4);
            assertThat(analytic).isCloseTo(numeric, within(1e-4 + 0.02 * Math.abs(numeric)));
            assertThat(gradients.meanOfSquares()[layer * perLayer + flat]).isCloseTo((float) (analytic * analytic), within(1e-9f));
        }
    }

    /** Shifts one weight by {@code delta} (cumulatively) and returns the mean answer NLL of the forget batch. */
    private static double lossWith(Transformer copy, int layer, int flat, double delta) {
        NDArray w = copy.valueMatrix(layer);
        float[] values = w.toFloatArray();
        values[flat] += (float) delta;
        w.set(values);
        try (NDScope ignored = new NDScope()) {
            return Trainer.crossEntropy(copy, TokenBatch.of(forget, PAD, -1)).getFloat();
        }
    }

    @Test
    void randomLabelGradientsAreReproducibleForASeedAndDifferFromTrueLabelGradients() {
        try (TestbedModelView view = view()) {
            float[] a = view.randomLabelGradients(DataSplit.RETAIN, 5, GradientLoss.meanAnswerNll()).mean();
            float[] b = view.randomLabelGradients(DataSplit.RETAIN, 5, GradientLoss.meanAnswerNll()).mean();
            float[] c = view.randomLabelGradients(DataSplit.RETAIN, 6, GradientLoss.meanAnswerNll()).mean();
            float[] truth = view.gradients(DataSplit.RETAIN, GradientLoss.meanAnswerNll()).mean();
            assertThat(a).isEqualTo(b);
            assertThat(a).isNotEqualTo(c);
            assertThat(a).isNotEqualTo(truth);
        }
    }

    @Test
    void aLossThatIsNotAScalarFailsNamingThePlugin() {
        try (TestbedModelView view = view()) {
            assertThatThrownBy(() -> view.gradients(DataSplit.FORGET, (outputs, constants) -> outputs.tokenLogProbabilities()))
                    .isInstanceOf(LocalizerFailure.class)
                    .hasMessageContaining("test-localizer's gradient loss on forget batch 0 is not a scalar");
        }
    }

    @Test
    void neitherTheContextNorTheViewHoldsARegionAndTheContractHasNoWayToAskForOne() throws Exception {
        try (TestbedModelView view = view()) {
            HarnessContext context = new HarnessContext(view, 7, 0.1, Map.of());
            for (Object holder : List.of(context, view)) {
                for (Field field : holder.getClass().getDeclaredFields()) {
                    field.setAccessible(true);
                    Object value = field.get(holder);
                    assertThat(value instanceof Region).as(field.getName()).isFalse();
                    assertThat(value instanceof boolean[]).as(field.getName()).isFalse();
                }
            }
            assertThat(java.util.Arrays.stream(dev.lacuna.spi.LocalizationContext.class.getMethods()).map(java.lang.reflect.Method::getName))
                    .containsExactlyInAnyOrder("shape", "seed", "fraction", "option", "model");
        }
    }

    @Test
    void valueVectorsAreACopyOfTheLayersRows() {
        try (TestbedModelView view = view()) {
            float[] rows = view.valueVectors(1);
            assertThat(rows).isEqualTo(model.valueMatrix(1).toFloatArray());
            rows[0] += 1;
            assertThat(model.valueMatrix(1).toFloatArray()[0]).isNotEqualTo(rows[0]);
            assertThatThrownBy(() -> view.valueVectors(2)).hasMessageContaining("test-localizer asked for layer 2");
        }
    }
}
