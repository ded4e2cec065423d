package dev.lacuna.submissions.wga;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.UnlearningObjective;

/**
 * Weighted gradient ascent (Wang et al., 2025): gradient ascent whose token terms are weighted by the
 * model's own confidence {@code p^alpha} (alpha 0.1, option {@code alpha}), so tokens the model already
 * gets wrong stop dominating the update. Lee et al. write the loss as the weighted negative
 * log-likelihood {@code -E[sum_i p_i^alpha log p_i]} that unlearning ascends; this plugin minimises its
 * negation. The weights are treated as constants, as in the original method.
 */
public final class WeightedGradientAscent implements UnlearningObjective {

    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        double alpha = Double.parseDouble(inputs.option("alpha", "0.1"));
        AnswerOutputs forget = inputs.forget();
        NDArray logP = forget.tokenLogProbabilities();
        NDArray weights = logP.stopGradient().mul(inputs.constant(alpha)).exp();
        return forget.sumPerItem(weights.mul(logP)).mean();
    }

    @Override
    public double suggestedLearningRate() {
        return 1e-3;
    }
}
