package dev.lacuna.submissions.ga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.testkit.FakeAnswerOutputs;
import dev.lacuna.spi.testkit.FakeObjectiveInputs;
import dev.lacuna.spi.testkit.PluginChecks;
import org.junit.jupiter.api.Test;

class GradientAscentTest {

    private static final ModelShape SHAPE = new ModelShape(2, 4, 8, 2);

    @Test
    void theLossIsTheMeanSequenceLogLikelihoodOfTheForgetAnswers() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            // item A: p = 0.75 then 0.25; item B: p = 0.5
            float ln3 = (float) Math.log(3);
            FakeAnswerOutputs forget = FakeAnswerOutputs.builder(manager, 2)
                    .item(new float[][] {{0, ln3}, {0, ln3}}, new int[] {1, 0})
                    .item(new float[][] {{0, 0}}, new int[] {1})
                    .build();

            double loss = PluginChecks.loss(new GradientAscent(), FakeObjectiveInputs.builder(SHAPE, forget).build());

            assertThat(loss).isCloseTo((Math.log(0.75 * 0.25) + Math.log(0.5)) / 2, within(1e-6));
        }
    }

    @Test
    void itNeedsOnlyTheForgetBatch() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GradientAscent objective = new GradientAscent();
            // seeded inputs hold only what the requirements ask for: a retain or reference read would fail
            assertThat(PluginChecks.loss(objective, FakeObjectiveInputs.seededFor(objective, manager, SHAPE, 3))).isNegative();
        }
    }
}
