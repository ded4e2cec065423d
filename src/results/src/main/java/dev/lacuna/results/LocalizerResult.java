package dev.lacuna.results;

import java.util.List;

/**
 * The result of a localizer: its region R against V_tgt, and the reference objective unlearning in R, V_tgt and a
 * Random region. {@code unlearning} false (a localization-only result): calibration and runs are null.
 */
public record LocalizerResult(int schemaVersion, String kind, String pluginSha256, String testbedHash, List<Long> seeds,
                              LocalizerSummary summary, Plugin plugin, Plugin referenceObjective, boolean groundTruthGranted,
                              boolean unlearning, String testbed, String device, @OptionalKey String dtype,
                              boolean sandboxed, Utility utility, Settings settings, @Nullable Calibration calibration,
                              List<LocalizerSeed> perSeed, LocalizerTimings timings) implements Result {

    public static final String KIND = "localizer";

    public LocalizerResult {
        Copies.requireHeader(schemaVersion, kind, KIND);
        Copies.requireDtype(dtype);
        seeds = List.copyOf(seeds);
        perSeed = List.copyOf(perSeed);
    }

    /** A result whose derived fields follow from the others, as {@link ObjectiveResult#of}. */
    public static LocalizerResult of(LocalizerSummary summary, Plugin plugin, Plugin referenceObjective,
                                     boolean groundTruthGranted, boolean unlearning, String testbed, String device,
                                     String dtype, boolean sandboxed, Utility utility, Settings settings,
                                     Calibration calibration, List<LocalizerSeed> perSeed, LocalizerTimings timings) {
        return new LocalizerResult(SCHEMA_VERSION, KIND, plugin.sha256(), ResultCodec.combinedTestbedHash(perSeed),
                perSeed.stream().map(LocalizerSeed::maskSeed).toList(), summary, plugin, referenceObjective,
                groundTruthGranted, unlearning, testbed, device, dtype, sandboxed, utility, settings, calibration, perSeed,
                timings);
    }
}
