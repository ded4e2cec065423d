package dev.lacuna.submissions.npo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lacuna.engine.objective.BatchOutputs;
import dev.lacuna.engine.objective.StepInputs;
import dev.lacuna.spi.ModelShape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NegativePreferenceOptimizationTest {

    @Test
    void theLossIsTwoOverBetaTimesTheMeanSoftplusOfTheScaledLogRatio() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float ln3 = (float) Math.log(3);
            float lnHalf = (float) Math.log(0.5);
            BatchOutputs forget = new BatchOutputs(
                    manager.create(new float[][] {{0, ln3}, {0, ln3}, {0, 0}}),
                    manager.create(new int[] {1, 0, 1}), new int[] {2, 1},
                    manager.create(new float[] {lnHalf, lnHalf, lnHalf}), Map.of(), Map.of());
            StepInputs inputs = new StepInputs(new ModelShape(2, 4, 8, 2), 1, 0, forget, null, null, Map.of());

            double loss = new NegativePreferenceOptimization().loss(inputs).getFloat();

            // log ratios: item A ln(0.1875 / 0.25) = ln 0.75, item B ln(0.5 / 0.5) = 0; beta 0.5
            double expected = 4 * (Math.log1p(Math.sqrt(0.75)) + Math.log(2)) / 2;
            assertThat(loss).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void softplusStaysFiniteForLargeArguments() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            BatchOutputs forget = new BatchOutputs(manager.zeros(new ai.djl.ndarray.types.Shape(1, 2)),
                    manager.create(new int[] {0}), new int[] {1}, null, Map.of(), Map.of());
            StepInputs inputs = new StepInputs(new ModelShape(2, 4, 8, 2), 1, 0, forget, null, null, Map.of());
            float[] values = NegativePreferenceOptimization
                    .softplus(inputs.constants(new float[] {-200f, 0f, 200f}), inputs)
                    .toFloatArray();
            assertThat(values[0]).isCloseTo(0f, within(1e-6f));
            assertThat(values[1]).isCloseTo((float) Math.log(2), within(1e-6f));
            assertThat(values[2]).isCloseTo(200f, within(1e-3f));
        }
    }

    @Test
    void itAsksForTheReferenceModelsOutputs() {
        assertThat(new NegativePreferenceOptimization().requirements(new ModelShape(2, 4, 8, 2)).referenceOutputs())
                .isTrue();
    }
}
