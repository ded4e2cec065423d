package dev.lacuna.cli.hostile;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.ObjectiveRequirements;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.UnlearningObjective;

/** An objective that ends the process in its first loss: the unlearning path of the same attack. */
public final class ExitingObjective implements UnlearningObjective {

    @Override
    public ObjectiveRequirements requirements(ModelShape shape) {
        return ObjectiveRequirements.forgetOnly();
    }

    @Override
    public double suggestedLearningRate() {
        return 1e-3;
    }

    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        System.exit(0);
        return null;
    }
}
