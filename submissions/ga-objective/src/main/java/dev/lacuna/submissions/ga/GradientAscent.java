package dev.lacuna.submissions.ga;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.UnlearningObjective;

/**
 * Gradient ascent (Jang et al., 2023): minimises the forget answers' log-likelihood
 * {@code E[sum_i log p(y_i | y_<i, x)]}, the simplest unlearning baseline and the one every other
 * objective should beat.
 */
public final class GradientAscent implements UnlearningObjective {

    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        AnswerOutputs forget = inputs.forget();
        return forget.sumPerItem(forget.tokenLogProbabilities()).mean();
    }

    @Override
    public double suggestedLearningRate() {
        return 1e-3;
    }
}
