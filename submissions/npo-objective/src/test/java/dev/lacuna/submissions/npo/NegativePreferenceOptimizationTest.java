package dev.lacuna.submissions.npo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.testkit.FakeAnswerOutputs;
import dev.lacuna.spi.testkit.FakeObjectiveInputs;
import dev.lacuna.spi.testkit.PluginChecks;
import org.junit.jupiter.api.Test;

class NegativePreferenceOptimizationTest {

    private static final ModelShape SHAPE = new ModelShape(2, 4, 8, 2);

    @Test
    void theLossIsTwoOverBetaTimesTheMeanSoftplusOfTheScaledLogRatio() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float ln3 = (float) Math.log(3);
            float lnHalf = (float) Math.log(0.5);
            FakeAnswerOutputs forget = FakeAnswerOutputs.builder(manager, 2)
                    .item(new float[][] {{0, ln3}, {0, ln3}}, new int[] {1, 0})
                    .item(new float[][] {{0, 0}}, new int[] {1})
                    .referenceTokenLogProbabilities(lnHalf, lnHalf, lnHalf)
                    .build();

            double loss = PluginChecks.loss(new NegativePreferenceOptimization(), FakeObjectiveInputs.builder(SHAPE, forget).build());

            // log ratios: item A ln(0.1875 / 0.25) = ln 0.75, item B ln(0.5 / 0.5) = 0; beta 0.5
            double expected = 4 * (Math.log1p(Math.sqrt(0.75)) + Math.log(2)) / 2;
            assertThat(loss).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void softplusStaysFiniteForLargeArguments() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ObjectiveInputs inputs = FakeObjectiveInputs.builder(SHAPE, FakeAnswerOutputs.seeded(manager, SHAPE, 1, 1, 1)).build();
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
        assertThat(new NegativePreferenceOptimization().requirements(SHAPE).referenceOutputs()).isTrue();
    }

    @Test
    void theBetaOptionIsRead() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NegativePreferenceOptimization npo = new NegativePreferenceOptimization();
            FakeObjectiveInputs inputs = FakeObjectiveInputs.seededFor(npo, manager, SHAPE, 5);
            PluginChecks.loss(npo, inputs);
            assertThat(inputs.requestedOptions()).containsExactly("beta");
        }
    }
}
