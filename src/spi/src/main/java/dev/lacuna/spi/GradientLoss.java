package dev.lacuna.spi;

import ai.djl.ndarray.NDArray;

/**
 * A scalar loss on one batch whose gradient with respect to the value vectors a {@link ModelView}
 * reports. The outputs are attached to the autograd graph; build constants with {@code constants}.
 */
@FunctionalInterface
public interface GradientLoss {

    /** The loss of one batch, a scalar. */
    NDArray loss(AnswerOutputs outputs, Constants constants);

    /** Mean negative log-likelihood of the answer tokens of the batch: the usual training loss. */
    static GradientLoss meanAnswerNll() {
        return (outputs, constants) -> outputs.tokenLogProbabilities().mean().neg();
    }
}
