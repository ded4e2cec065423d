package dev.lacuna.cli.objectives;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.UnlearningObjective;

/** A plugin whose loss throws. */
public final class ThrowingObjective implements UnlearningObjective {

    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        throw new IllegalStateException("deliberately broken");
    }
}
