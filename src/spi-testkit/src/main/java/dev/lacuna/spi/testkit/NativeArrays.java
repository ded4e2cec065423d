package dev.lacuna.spi.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays from Java data copied into memory the native library owns, as the harness makes them: on the PyTorch
 * engine an array created from Java data wraps a Java buffer that may be freed while autograd still holds the
 * tensor ({@code dev.lacuna.spi.Constants} explains why that matters for constants of a loss).
 */
final class NativeArrays {

    private NativeArrays() {
    }

    static NDArray of(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    static NDArray of(NDManager manager, long[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }
}
