package dev.lacuna.cli.objectives;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.UnlearningObjective;

/** A plugin whose loss is NaN (0 * log 0 style), built from the model's outputs. */
public final class NanObjective implements UnlearningObjective {

    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        NDArray lp = inputs.forget().tokenLogProbabilities();
        return lp.sum().sub(lp.sum()).div(lp.sum().sub(lp.sum()));
    }
}
