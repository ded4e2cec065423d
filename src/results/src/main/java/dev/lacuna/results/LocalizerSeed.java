package dev.lacuna.results;

/**
 * A localizer result's entry for one mask seed: its region R against V_tgt, the score histogram, and the reference
 * objective's runs in R ({@code localized}), V_tgt ({@code oracle}) and the Random region (all three null in a
 * localization-only result).
 */
public record LocalizerSeed(long maskSeed, String testbedHash, long randomRegionSeed, int regionSize,
                            LocalizationReport localization, ScoreDistribution scoreDistribution, @Nullable Run localized,
                            @Nullable Run oracle, @Nullable Run random) implements SeedResult {
}
