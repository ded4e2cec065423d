package dev.lacuna.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Overwrites an array's values in place, keeping the array (and whatever holds it: the model, the optimizer,
 * gradient tracking). DJL's {@code NDArray.set(float[])} does the same through a libtorch guard that prints
 * "AutoNonVariableTypeMode is deprecated" on stderr the first time in every process; an indexed copy of a fresh
 * array over the whole range writes the same bits without it.
 */
public final class ParameterWrite {

    private static final NDIndex ALL = new NDIndex(":");

    private ParameterWrite() {
    }

    public static void overwrite(NDArray target, float[] values) {
        try (NDArray fresh = target.getManager().create(values, target.getShape())) {
            target.set(ALL, fresh);
        }
    }
}
