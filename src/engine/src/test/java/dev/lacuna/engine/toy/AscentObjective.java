package dev.lacuna.engine.toy;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.UnlearningObjective;

/**
 * Gradient ascent on the forget answers, the simplest loss that needs gradients through every answer position:
 * it suppresses the answers without removing what the rest of the model knows, which is what engine tests of
 * unlearning and of attacks on it need.
 */
public final class AscentObjective implements UnlearningObjective {
    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        AnswerOutputs forget = inputs.forget();
        return forget.sumPerItem(forget.tokenLogProbabilities()).mean();
    }
}
