package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import org.apiguardian.api.API;

/**
 * A differentiable loss that unlearns the forget set. The harness minimises it with a fixed optimiser,
 * updating only the value vectors of the region under test (the ground-truth region, a random one, or a
 * localizer's choice), so objectives compete on what they optimise, not on how.
 *
 * <p>Example, negative preference optimisation (NPO) with {@code beta = 0.5}:
 *
 * <pre>{@code
 * public final class Npo implements UnlearningObjective {
 *     public ObjectiveRequirements requirements(ModelShape shape) {
 *         return ObjectiveRequirements.forgetOnly().withReferenceOutputs();
 *     }
 *
 *     public NDArray loss(ObjectiveInputs inputs) {
 *         double beta = Double.parseDouble(inputs.option("beta", "0.5"));
 *         AnswerOutputs forget = inputs.forget();
 *         NDArray logRatio = forget.sumPerItem(forget.tokenLogProbabilities())
 *                 .sub(forget.sumPerItem(forget.referenceTokenLogProbabilities()));
 *         // -(2 / beta) log sigmoid(-beta r) = (2 / beta) softplus(beta r), written stably
 *         NDArray x = logRatio.mul(inputs.constant(beta));
 *         NDArray softplus = x.maximum(inputs.constant(0))
 *                 .add(x.abs().neg().exp().add(inputs.constant(1)).log());
 *         return softplus.mean().mul(inputs.constant(2 / beta));
 *     }
 *
 *     public double suggestedLearningRate() {
 *         return 1e-3;
 *     }
 * }
 * }</pre>
 *
 * <p>The loss must be a finite scalar; anything else fails the evaluation with a message naming the
 * plugin and the step.
 */
@API(status = STABLE, since = "1.0")
public interface UnlearningObjective {

    /** The scalar loss of one step. */
    NDArray loss(ObjectiveInputs inputs);

    /** What the loss reads besides the current model's forget-batch outputs. */
    default ObjectiveRequirements requirements(ModelShape shape) {
        return ObjectiveRequirements.forgetOnly();
    }

    /**
     * Where the harness's learning-rate calibration starts; it searches a geometric grid around this
     * value for the smallest rate that drives the forget score to 0.95.
     */
    default double suggestedLearningRate() {
        return 1e-3;
    }
}
