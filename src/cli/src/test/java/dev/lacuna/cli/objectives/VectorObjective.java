package dev.lacuna.cli.objectives;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.UnlearningObjective;

/** A plugin that returns one loss per item instead of a scalar. */
public final class VectorObjective implements UnlearningObjective {

    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        return inputs.forget().sumPerItem(inputs.forget().tokenLogProbabilities());
    }
}
