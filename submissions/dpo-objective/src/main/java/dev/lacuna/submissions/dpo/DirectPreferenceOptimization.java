package dev.lacuna.submissions.dpo;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.ObjectiveRequirements;
import dev.lacuna.spi.UnlearningObjective;

/**
 * Direct preference optimisation for unlearning (Rafailov et al., 2023; Zhang et al., 2024): the preferred
 * answer is a refusal ("I don't know" variants, supplied by the harness), the dispreferred one the true
 * forget answer. Loss {@code -(1/beta) E[log sigmoid(beta (log p(w)/p_ref(w) - log p(l)/p_ref(l)))]} with
 * beta 0.5 (option {@code beta}).
 */
public final class DirectPreferenceOptimization implements UnlearningObjective {

    @Override
    public ObjectiveRequirements requirements(ModelShape shape) {
        return ObjectiveRequirements.forgetOnly().withReferenceOutputs().withPreferredAnswers();
    }

    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        double beta = Double.parseDouble(inputs.option("beta", "0.5"));
        NDArray margin = logRatio(inputs.preferred()).sub(logRatio(inputs.forget()));
        return softplus(margin.mul(inputs.constant(-beta)), inputs).mean().div(inputs.constant(beta));
    }

    private static NDArray logRatio(AnswerOutputs outputs) {
        return outputs.sumPerItem(outputs.tokenLogProbabilities())
                .sub(outputs.sumPerItem(outputs.referenceTokenLogProbabilities()));
    }

    /** {@code log(1 + e^x) = -log sigmoid(-x)}, without overflow for large x. */
    static NDArray softplus(NDArray x, ObjectiveInputs inputs) {
        return x.maximum(inputs.constant(0)).add(x.abs().neg().exp().add(inputs.constant(1)).log());
    }

    @Override
    public double suggestedLearningRate() {
        return 3e-3;
    }
}
