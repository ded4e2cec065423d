package dev.lacuna.submissions.wga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lacuna.engine.objective.BatchOutputs;
import dev.lacuna.engine.objective.StepInputs;
import dev.lacuna.spi.ModelShape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedGradientAscentTest {

    @Test
    void eachTokenLogLikelihoodIsWeightedByItsProbabilityToTheAlpha() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float ln3 = (float) Math.log(3);
            BatchOutputs forget = new BatchOutputs(
                    manager.create(new float[][] {{0, ln3}, {0, ln3}, {0, 0}}),
                    manager.create(new int[] {1, 0, 1}), new int[] {2, 1}, null, Map.of(), Map.of());
            StepInputs inputs = new StepInputs(new ModelShape(2, 4, 8, 2), 1, 0, forget, null, null, Map.of());

            double loss = new WeightedGradientAscent().loss(inputs).getFloat();

            double itemA = Math.pow(0.75, 0.1) * Math.log(0.75) + Math.pow(0.25, 0.1) * Math.log(0.25);
            double itemB = Math.pow(0.5, 0.1) * Math.log(0.5);
            assertThat(loss).isCloseTo((itemA + itemB) / 2, within(1e-6));
        }
    }
}
