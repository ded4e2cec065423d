package dev.lacuna.results;

import java.util.List;

/**
 * A localizer's headline numbers, means over seeds: how its region R compares with V_tgt, and the reference
 * objective's AUES and MU95 in R, in a Random region and in V_tgt (Oracle), with signed gaps (R minus the other) and
 * their p-values. AUES and MU95 fields are null in a localization-only result, MU95 fields without Forget Quality.
 *
 * @param perLayerPrecision per layer, mean precision of R within it; null where R never selects in that layer
 */
public record LocalizerSummary(double precisionAtP, @OptionalKey Double recall, double averagePrecision, double auroc,
                               @Nullable Double auesLocalized, @Nullable Double auesRandom, @Nullable Double auesOracle,
                               @OptionalKey @Nullable Double auesDeltaVsRandom, @Nullable Double auesPVsRandom,
                               @OptionalKey @Nullable Double auesDeltaVsOracle, @OptionalKey @Nullable Double auesPVsOracle,
                               @Nullable Double mu95Localized, @Nullable Double mu95Random,
                               @OptionalKey @Nullable Double mu95Oracle,
                               @OptionalKey @Nullable Double mu95DeltaVsRandom, @OptionalKey @Nullable Double mu95PVsRandom,
                               @OptionalKey @Nullable Double mu95DeltaVsOracle, @OptionalKey @Nullable Double mu95PVsOracle,
                               @OptionalKey Double precisionAtPSd, @OptionalKey Double aurocSd,
                               @OptionalKey @Nullable Double auesLocalizedSd, @OptionalKey @Nullable Double auesRandomSd,
                               @OptionalKey @Nullable Double auesOracleSd,
                               @OptionalKey List<@Nullable Double> perLayerPrecision,
                               @OptionalKey Integer permutations, @OptionalKey Long statisticsSeed) {

    public LocalizerSummary {
        perLayerPrecision = Copies.withNulls(perLayerPrecision);
    }
}
