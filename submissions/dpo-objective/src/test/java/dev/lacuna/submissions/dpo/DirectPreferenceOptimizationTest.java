package dev.lacuna.submissions.dpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lacuna.engine.objective.BatchOutputs;
import dev.lacuna.engine.objective.StepInputs;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveRequirements;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectPreferenceOptimizationTest {

    @Test
    void theLossRewardsPreferringTheRefusalOverTheTrueAnswerRelativeToTheReference() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float ln3 = (float) Math.log(3);
            float lnHalf = (float) Math.log(0.5);
            BatchOutputs forget = new BatchOutputs(
                    manager.create(new float[][] {{0, ln3}, {0, ln3}, {0, 0}}),
                    manager.create(new int[] {1, 0, 1}), new int[] {2, 1},
                    manager.create(new float[] {lnHalf, lnHalf, lnHalf}), Map.of(), Map.of());
            BatchOutputs preferred = new BatchOutputs(
                    manager.create(new float[][] {{0, ln3}, {0, ln3}}),
                    manager.create(new int[] {1, 1}), new int[] {1, 1},
                    manager.create(new float[] {lnHalf, lnHalf}), Map.of(), Map.of());
            StepInputs inputs = new StepInputs(new ModelShape(2, 4, 8, 2), 1, 0, forget, null, preferred, Map.of());

            double loss = new DirectPreferenceOptimization().loss(inputs).getFloat();

            // log ratios: preferred ln 1.5 for both items; forget ln 0.75 and 0; margins ln 2 and ln 1.5
            double expected = 2 * (Math.log1p(Math.pow(2, -0.5)) + Math.log1p(Math.pow(1.5, -0.5))) / 2;
            assertThat(loss).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void itAsksForPreferredAnswersAndReferenceOutputs() {
        ObjectiveRequirements needs = new DirectPreferenceOptimization().requirements(new ModelShape(2, 4, 8, 2));
        assertThat(needs.preferredAnswers()).isTrue();
        assertThat(needs.referenceOutputs()).isTrue();
    }
}
