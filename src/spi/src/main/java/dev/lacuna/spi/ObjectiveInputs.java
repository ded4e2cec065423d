package dev.lacuna.spi;

import ai.djl.ndarray.NDArray;

/**
 * Everything an {@link UnlearningObjective} may read at one optimisation step.
 *
 * <p>Build every constant of a loss with {@link #constant(double)} or {@link #constants(float[])}, never
 * by passing Java numbers to array operations ({@code x.mul(0.5f)}): on the PyTorch engine such a number
 * is wrapped in Java memory that may be freed before the backward pass reads it, which silently corrupts
 * gradients.
 */
public interface ObjectiveInputs {

    /** Dimensions of the model being unlearned. */
    ModelShape shape();

    /** A seed for any randomness the objective uses; fixed for a whole run. */
    long seed();

    /** Index of the current optimisation step, from 0. */
    int step();

    /** Outputs on the current batch of forget items. */
    AnswerOutputs forget();

    /** Outputs on a batch of retain items; available when the objective asked for a retain batch. */
    AnswerOutputs retain();

    /**
     * Outputs on the same forget prompts with preferred answers instead of the true ones, item by item;
     * available when the objective asked for preferred answers.
     */
    AnswerOutputs preferred();

    /** A user-supplied option ({@code --option name=value} on the command line), or the default. */
    String option(String name, String defaultValue);

    /** A scalar constant, safe to use anywhere in a differentiable loss. */
    NDArray constant(double value);

    /** A vector of constants, safe to use anywhere in a differentiable loss. */
    NDArray constants(float[] values);
}
