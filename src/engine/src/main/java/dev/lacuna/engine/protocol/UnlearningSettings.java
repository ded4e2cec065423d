package dev.lacuna.engine.protocol;

import java.util.Map;
import java.util.TreeMap;

/**
 * The fixed optimiser schedule every objective gets (Lee et al., appendix B: batch 16, weight decay 0.01,
 * 5 epochs); only the learning rate is calibrated, so objectives compete on their loss alone.
 *
 * @param learningRate AdamW peak rate (constant, no warm-up)
 * @param epochs       passes over the forget set
 * @param batchSize    forget items per step
 * @param weightDecay  decoupled weight decay, applied to the region's rows only
 * @param seed         batch order and the seed handed to the objective
 * @param options      the user's {@code --option} values, passed to the objective
 */
public record UnlearningSettings(double learningRate, int epochs, int batchSize, double weightDecay, long seed,
                                 Map<String, String> options) {

    public UnlearningSettings {
        if (!(learningRate > 0) || epochs < 1 || batchSize < 1 || weightDecay < 0) {
            throw new IllegalArgumentException("invalid unlearning settings: rate " + learningRate + ", " + epochs
                    + " epochs, batch " + batchSize + ", weight decay " + weightDecay);
        }
        options = Map.copyOf(new TreeMap<>(options));
    }

    public static UnlearningSettings standard(double learningRate, long seed, Map<String, String> options) {
        return new UnlearningSettings(learningRate, 5, 16, 0.01, seed, options);
    }

    public UnlearningSettings withLearningRate(double rate) {
        return new UnlearningSettings(rate, epochs, batchSize, weightDecay, seed, options);
    }
}
