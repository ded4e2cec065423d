package dev.lacuna.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays from Java data, copied into memory the native library owns. On the PyTorch engine an array
 * created from Java data wraps a Java direct buffer that only its Java wrapper keeps alive. DJL's
 * scalar-argument operations ({@code x.mul(0.5f)}, {@code x.pow(-0.5f)}) wrap the scalar that way and close
 * the wrapper at once, while autograd keeps the tensor for the backward pass: a garbage collection in
 * between frees the memory under it (measured: NaN gradients at the first step when collecting between
 * forward and backward; silently different, sometimes diverging, runs otherwise). Differentiable code
 * therefore never passes Java numbers to tensor operations and builds its constants here; the copies also
 * get the native allocator's alignment, which keeps BLAS rounding the same from run to run.
 */
public final class NativeArrays {

    private NativeArrays() {
    }

    public static NDArray of(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    /** A 0-dimensional float32 constant. */
    public static NDArray scalar(NDManager manager, float value) {
        return of(manager, new float[] {value}, new Shape());
    }

    public static NDArray of(NDManager manager, long[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }
}
