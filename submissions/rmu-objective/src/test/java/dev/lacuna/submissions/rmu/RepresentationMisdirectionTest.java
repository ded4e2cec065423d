package dev.lacuna.submissions.rmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lacuna.engine.objective.BatchOutputs;
import dev.lacuna.engine.objective.StepInputs;
import dev.lacuna.spi.ModelShape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepresentationMisdirectionTest {

    private static final ModelShape SHAPE = new ModelShape(3, 4, 8, 2);
    private static final long SEED = 11;

    @Test
    void steersTheLayerAtTwoThirdsOfTheDepth() {
        assertThat(RepresentationMisdirection.defaultLayer(new ModelShape(32, 8, 8, 8))).isEqualTo(21);
        assertThat(new RepresentationMisdirection().requirements(SHAPE).hiddenLayers()).containsExactly(2);
    }

    @Test
    void aZeroHiddenStateIsAtSquaredDistanceCSquaredFromTheTarget() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertThat(lossWithHiddenStates(manager, manager.zeros(new Shape(3, 4)))).isCloseTo(4.0, within(1e-5));
        }
    }

    @Test
    void hiddenStatesAlreadyAtCTimesTheDirectionHaveZeroLoss() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray atTarget = manager.create(RepresentationMisdirection.direction(SEED, 4)).mul(2).reshape(1, 4)
                    .repeat(0, 3);
            assertThat(lossWithHiddenStates(manager, atTarget)).isCloseTo(0.0, within(1e-5));
        }
    }

    @Test
    void theDirectionIsAUnitVectorFixedBySeed() {
        float[] u = RepresentationMisdirection.direction(SEED, 16);
        double norm = 0;
        for (float x : u) {
            assertThat(x).isGreaterThanOrEqualTo(0f);
            norm += x * x;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-6));
        assertThat(RepresentationMisdirection.direction(SEED, 16)).containsExactly(u);
    }

    private static double lossWithHiddenStates(NDManager manager, NDArray hidden) {
        BatchOutputs forget = new BatchOutputs(manager.zeros(new Shape(3, 2)), manager.create(new int[] {1, 0, 1}),
                new int[] {2, 1}, null, Map.of(2, hidden), Map.of());
        StepInputs inputs = new StepInputs(SHAPE, SEED, 0, forget, null, null, Map.of());
        return new RepresentationMisdirection().loss(inputs).getFloat();
    }
}
