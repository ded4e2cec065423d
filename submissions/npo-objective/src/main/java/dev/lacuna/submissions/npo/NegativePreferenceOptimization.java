package dev.lacuna.submissions.npo;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.ObjectiveRequirements;
import dev.lacuna.spi.UnlearningObjective;

/**
 * Negative preference optimisation (Zhang et al., 2024):
 * {@code -(2/beta) E[log sigmoid(-beta log(p(y|x) / p_ref(y|x)))]} with beta 0.5 (option {@code beta}).
 * Unlike gradient ascent the loss is bounded below, so unlearning slows down instead of collapsing the
 * model once a forget answer has become unlikely.
 */
public final class NegativePreferenceOptimization implements UnlearningObjective {

    @Override
    public ObjectiveRequirements requirements(ModelShape shape) {
        return ObjectiveRequirements.forgetOnly().withReferenceOutputs();
    }

    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        double beta = Double.parseDouble(inputs.option("beta", "0.5"));
        AnswerOutputs forget = inputs.forget();
        NDArray logRatio = forget.sumPerItem(forget.tokenLogProbabilities())
                .sub(forget.sumPerItem(forget.referenceTokenLogProbabilities()));
        return softplus(logRatio.mul(inputs.constant(beta)), inputs).mean().mul(inputs.constant(2 / beta));
    }

    /** {@code log(1 + e^x) = -log sigmoid(-x)}, without overflow for large x. */
    static NDArray softplus(NDArray x, ObjectiveInputs inputs) {
        return x.maximum(inputs.constant(0)).add(x.abs().neg().exp().add(inputs.constant(1)).log());
    }

    /**
     * Ten times gradient ascent's: the loss saturates as the forget likelihood ratio falls, so the same
     * forget score needs a larger step (on synthetic/tiny, FS at alpha = 1 rose only from 0.68 to 0.93
     * between 1e-3 and 0.064).
     */
    @Override
    public double suggestedLearningRate() {
        return 1e-2;
    }
}
