package dev.lacuna.results;

/** What every {@code per_seed} entry says about the testbed it ran on. */
public sealed interface SeedResult permits SeedRuns, LocalizerSeed {

    long maskSeed();

    /** The content hash of the seed's testbed. */
    String testbedHash();

    /** Seed of the Random region: {@code mask_seed * 1000003 + 17}. */
    long randomRegionSeed();
}
