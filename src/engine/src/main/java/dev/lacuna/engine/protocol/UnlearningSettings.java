package dev.lacuna.engine.protocol;

import java.util.Map;
import java.util.TreeMap;

/**
 * The fixed optimiser schedule every objective gets (Lee et al., appendix B: batch 16, weight decay 0.01,
 * 5 epochs); only the learning rate is calibrated, so objectives compete on their loss alone.
 *
 * @param learningRate AdamW peak rate (constant, no warm-up)
 * @param epochs       passes over the forget set, at least
 * @param minSteps     optimiser steps, at least: small forget sets get more epochs (Lee et al.'s 5 epochs of
 *                     400 TOFU items are 125 steps; 5 epochs of a 20-item set would be 10)
 * @param batchSize    forget items per step
 * @param weightDecay  decoupled weight decay, applied to the region's rows only
 * @param seed         batch order and the seed handed to the objective
 * @param options      the user's {@code --option} values, passed to the objective
 */
public record UnlearningSettings(double learningRate, int epochs, int minSteps, int batchSize, double weightDecay, long seed,
                                 Map<String, String> options) {

    public UnlearningSettings {
        if (!(learningRate > 0) || epochs < 1 || minSteps < 0 || batchSize < 1 || weightDecay < 0) {
            throw new IllegalArgumentException("invalid unlearning settings: rate " + learningRate + ", " + epochs
                    + " epochs, batch " + batchSize + ", weight decay " + weightDecay);
        }
        options = Map.copyOf(new TreeMap<>(options));
    }

    public static UnlearningSettings standard(double learningRate, long seed, Map<String, String> options) {
        return new UnlearningSettings(learningRate, 5, 50, 16, 0.01, seed, options);
    }

    /** Epochs actually run over {@code forgetItems} items: {@code epochs}, or more to reach {@code minSteps}. */
    public int epochsFor(int forgetItems) {
        int perEpoch = (forgetItems + batchSize - 1) / batchSize;
        return Math.max(epochs, (minSteps + perEpoch - 1) / perEpoch);
    }

    public UnlearningSettings withLearningRate(double rate) {
        return new UnlearningSettings(rate, epochs, minSteps, batchSize, weightDecay, seed, options);
    }
}
