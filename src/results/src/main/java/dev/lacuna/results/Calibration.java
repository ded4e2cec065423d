package dev.lacuna.results;

import java.util.List;

/**
 * The learning rate every run used: calibrated on the first seed's Oracle region (every probe recorded), or fixed
 * on the command line ({@code calibrated} false, no probes, {@code reachedTarget} null).
 *
 * @param reachedTarget false when no rate on the grid reached the FS target (the largest was used)
 */
public record Calibration(double learningRate, boolean calibrated, long seed, @Nullable Boolean reachedTarget,
                          double suggestedLearningRate, List<Probe> probes) {

    public Calibration {
        probes = List.copyOf(probes);
    }

    /** A rate the user fixed: no calibration ran. */
    public static Calibration fixed(double learningRate, long seed, double suggestedLearningRate) {
        return new Calibration(learningRate, false, seed, null, suggestedLearningRate, List.of());
    }
}
