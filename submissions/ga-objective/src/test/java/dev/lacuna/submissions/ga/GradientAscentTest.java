package dev.lacuna.submissions.ga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lacuna.engine.objective.BatchOutputs;
import dev.lacuna.engine.objective.StepInputs;
import dev.lacuna.spi.ModelShape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientAscentTest {

    @Test
    void theLossIsTheMeanSequenceLogLikelihoodOfTheForgetAnswers() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            // item A: p = 0.75 then 0.25; item B: p = 0.5
            float ln3 = (float) Math.log(3);
            BatchOutputs forget = new BatchOutputs(
                    manager.create(new float[][] {{0, ln3}, {0, ln3}, {0, 0}}),
                    manager.create(new int[] {1, 0, 1}), new int[] {2, 1}, null, Map.of(), Map.of());
            StepInputs inputs = new StepInputs(new ModelShape(2, 4, 8, 2), 1, 0, forget, null, null, Map.of());

            double loss = new GradientAscent().loss(inputs).getFloat();

            assertThat(loss).isCloseTo((Math.log(0.75 * 0.25) + Math.log(0.5)) / 2, within(1e-6));
        }
    }
}
