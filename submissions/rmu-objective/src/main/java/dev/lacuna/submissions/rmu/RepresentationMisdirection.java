package dev.lacuna.submissions.rmu;

import ai.djl.ndarray.NDArray;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.ObjectiveRequirements;
import dev.lacuna.spi.UnlearningObjective;
import java.util.SplittableRandom;

/**
 * Representation misdirection for unlearning (Li et al., 2024): pushes the hidden state of forget tokens
 * at a layer about two thirds deep towards {@code c * u}, u a fixed random unit vector (entries drawn
 * uniformly from [0, 1), then normalised). Loss {@code E_x[(1/|x|) sum_t ||h(t) - c u||^2]} with c = 2
 * (option {@code c}; option {@code layer} overrides the depth).
 */
public final class RepresentationMisdirection implements UnlearningObjective {

    @Override
    public ObjectiveRequirements requirements(ModelShape shape) {
        return ObjectiveRequirements.forgetOnly().withHiddenLayer(defaultLayer(shape));
    }

    @Override
    public NDArray loss(ObjectiveInputs inputs) {
        double c = Double.parseDouble(inputs.option("c", "2"));
        int layer = Integer.parseInt(inputs.option("layer", Integer.toString(defaultLayer(inputs.shape()))));
        AnswerOutputs forget = inputs.forget();
        NDArray hidden = forget.hiddenStates(layer);
        NDArray target = inputs.constants(direction(inputs.seed(), inputs.shape().dModel())).mul(inputs.constant(c));
        NDArray squaredDistance = hidden.sub(target).square().sum(new int[] {1});
        NDArray perItem = forget.sumPerItem(squaredDistance);
        NDArray lengths = inputs.constants(toFloats(forget.answerLengths()));
        return perItem.div(lengths).mean();
    }

    /** The layer at about two thirds of the depth (layer 21 of 32, as Lee et al. use). */
    static int defaultLayer(ModelShape shape) {
        return 2 * shape.layers() / 3;
    }

    /** The fixed random unit direction for a run's seed. */
    static float[] direction(long seed, int dModel) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] u = new double[dModel];
        double norm = 0;
        for (int i = 0; i < dModel; i++) {
            u[i] = random.nextDouble();
            norm += u[i] * u[i];
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[dModel];
        for (int i = 0; i < dModel; i++) {
            unit[i] = (float) (u[i] / norm);
        }
        return unit;
    }

    private static float[] toFloats(int[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public double suggestedLearningRate() {
        return 1e-3;
    }
}
