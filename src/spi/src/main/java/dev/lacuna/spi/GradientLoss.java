package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import org.apiguardian.api.API;

/**
 * A scalar loss on one batch whose gradient with respect to the value vectors a {@link ModelView}
 * reports. The outputs are attached to the autograd graph; build constants with {@code constants}.
 */
@API(status = STABLE, since = "1.0")
@FunctionalInterface
public interface GradientLoss {

    /** The loss of one batch, a scalar. */
    NDArray loss(AnswerOutputs outputs, Constants constants);

    /** Mean negative log-likelihood of the answer tokens of the batch: the usual training loss. */
    static GradientLoss meanAnswerNll() {
        return (outputs, constants) -> outputs.tokenLogProbabilities().mean().neg();
    }
}
