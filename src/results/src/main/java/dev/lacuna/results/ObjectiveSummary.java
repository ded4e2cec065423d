package dev.lacuna.results;

/**
 * An objective's headline numbers: means over seeds, {@code auesDelta} = |oracle - random| with its permutation test's
 * p-value, MU95 likewise with the bootstrap test's (null without Forget Quality).
 *
 * @param permutations   rounds of both tests
 * @param statisticsSeed seed of both tests
 */
public record ObjectiveSummary(double auesOracle, double auesRandom, double auesDelta, double auesP,
                               @Nullable Double mu95Oracle, @Nullable Double mu95Random, @Nullable Double mu95Delta,
                               @Nullable Double mu95P,
                               @OptionalKey Double auesOracleSd, @OptionalKey Double auesRandomSd,
                               @OptionalKey @Nullable Double mu95OracleSd, @OptionalKey @Nullable Double mu95RandomSd,
                               @OptionalKey Integer permutations, @OptionalKey Long statisticsSeed) {
}
