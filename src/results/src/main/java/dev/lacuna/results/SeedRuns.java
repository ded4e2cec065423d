package dev.lacuna.results;

/**
 * An objective result's entry for one mask seed: its Oracle (V_tgt) and Random runs and, in results measured since
 * the scenario exists, the unconstrained run (every value vector trainable, at the same rate).
 */
public record SeedRuns(long maskSeed, String testbedHash, long randomRegionSeed, Run oracle, Run random,
                       @OptionalKey Run unconstrained) implements SeedResult {
}
