package dev.lacuna.results;

import java.util.List;

/**
 * An objective's headline numbers: means over seeds, {@code auesDelta} = |oracle - random| with its permutation test's
 * p-value, MU95 likewise with the bootstrap test's (null without Forget Quality).
 *
 * @param permutations   rounds of both tests
 * @param statisticsSeed seed of both tests
 * @param auesUnconstrained mean AUES of the unconstrained runs (every value vector trainable); absent without them
 * @param updatePrecision   mean over seeds of the unconstrained update's precision at |V_tgt| / N; the other
 *                          {@code update*} keys likewise; absent when undefined on some seed
 * @param resurfacing       one entry per attack; absent in results measured before the attacks existed
 *
 * <p>The keys from {@code aues_unconstrained} on are absent rather than null when there is no value, so the files
 * written before they existed read and write back byte for byte.
 */
public record ObjectiveSummary(double auesOracle, double auesRandom, double auesDelta, double auesP,
                               @Nullable Double mu95Oracle, @Nullable Double mu95Random, @Nullable Double mu95Delta,
                               @Nullable Double mu95P,
                               @OptionalKey Double auesOracleSd, @OptionalKey Double auesRandomSd,
                               @OptionalKey @Nullable Double mu95OracleSd, @OptionalKey @Nullable Double mu95RandomSd,
                               @OptionalKey Integer permutations, @OptionalKey Long statisticsSeed,
                               @OptionalKey Double auesUnconstrained, @OptionalKey Double auesUnconstrainedSd,
                               @OptionalKey Double mu95Unconstrained, @OptionalKey Double mu95UnconstrainedSd,
                               @OptionalKey Double updatePrecision, @OptionalKey Double updateAveragePrecision,
                               @OptionalKey Double updateAuroc, @OptionalKey Double updateSquaredShareInside,
                               @OptionalKey List<ResurfacingGap> resurfacing) {

    public ObjectiveSummary {
        resurfacing = resurfacing == null ? null : List.copyOf(resurfacing);
    }
}
