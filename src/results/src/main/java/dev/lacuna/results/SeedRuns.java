package dev.lacuna.results;

/** An objective result's entry for one mask seed: its Oracle (V_tgt) and Random runs. */
public record SeedRuns(long maskSeed, String testbedHash, long randomRegionSeed, Run oracle, Run random)
        implements SeedResult {
}
