package dev.lacuna.engine.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class LossCheckTest {

    @Test
    void aFiniteScalarPasses() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertThat(LossCheck.requireFiniteScalar(manager.create(1.5f), "npo 1.0", 3)).isEqualTo(1.5);
        }
    }

    @Test
    void aNaNLossNamesThePluginAndTheStep() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertThatThrownBy(() -> LossCheck.requireFiniteScalar(manager.create(Float.NaN), "my-objective 0.1", 12))
                    .isInstanceOf(ObjectiveFailure.class)
                    .hasMessageContaining("my-objective 0.1")
                    .hasMessageContaining("non-finite")
                    .hasMessageContaining("step 12");
        }
    }

    @Test
    void aVectorLossIsRejected() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertThatThrownBy(() -> LossCheck.requireFiniteScalar(manager.create(new float[] {1, 2}), "x", 0))
                    .hasMessageContaining("must be a scalar");
        }
    }

    @Test
    void aMissingLossIsRejected() {
        assertThatThrownBy(() -> LossCheck.requireFiniteScalar(null, "x", 4)).hasMessageContaining("returned no loss at step 4");
    }
}
