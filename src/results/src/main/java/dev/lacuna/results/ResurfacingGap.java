package dev.lacuna.results;

/**
 * One attack's resurfacing gap per scenario, mean and sd over seeds, and the permutation test of Oracle's gaps
 * against Random's. For quantization the gap is the FS drop, FS(theta_u) - FS(attacked); for relearning the held-out
 * ES of attacked theta_u beyond attacked theta_r's ({@link RelearnedScores#resurfacing()}). Above 0: erased knowledge came back.
 *
 * @param attack {@code quantization-8bit}, {@code quantization-4bit} (one per bit width) or {@code relearning}
 * @param delta  |oracleMean - randomMean|
 * @param p      p-value of the seeded paired permutation test of that gap
 */
public record ResurfacingGap(String attack, double oracleMean, double oracleSd, double randomMean, double randomSd,
                             @Nullable Double unconstrainedMean, @Nullable Double unconstrainedSd, double delta, double p) {
}
