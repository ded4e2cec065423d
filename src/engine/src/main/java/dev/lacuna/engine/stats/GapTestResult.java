package dev.lacuna.engine.stats;

/**
 * Outcome of a resampling test of the absolute gap between two scenarios.
 *
 * @param observedGap the absolute difference measured on the real grouping
 * @param pValue      {@code (1 + #{resampled gap >= observed}) / (1 + resamples)}
 * @param resamples   number of permutations or bootstrap rounds
 * @param seed        seed of the random generator, so the p-value can be reproduced
 */
public record GapTestResult(double observedGap, double pValue, int resamples, long seed) {

    static GapTestResult of(double observedGap, int atLeastAsExtreme, int resamples, long seed) {
        return new GapTestResult(observedGap, (1.0 + atLeastAsExtreme) / (1.0 + resamples), resamples, seed);
    }
}
