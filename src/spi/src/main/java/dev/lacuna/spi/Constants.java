package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import org.apiguardian.api.API;

/**
 * Makes constants for differentiable losses. Build every constant with these methods, never by passing
 * Java numbers to array operations ({@code x.mul(0.5f)}): on the PyTorch engine such a number is wrapped
 * in Java memory that may be freed before the backward pass reads it, which silently corrupts gradients.
 */
@API(status = STABLE, since = "1.0")
public interface Constants {

    /** A scalar constant, safe to use anywhere in a differentiable loss. */
    NDArray constant(double value);

    /** A vector of constants, safe to use anywhere in a differentiable loss. */
    NDArray constants(float[] values);
}
