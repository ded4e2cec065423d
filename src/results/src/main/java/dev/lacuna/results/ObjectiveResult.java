package dev.lacuna.results;

import java.util.List;

/** The result of an unlearning objective: Oracle (V_tgt) vs Random regions over the mask seeds. */
public record ObjectiveResult(int schemaVersion, String kind, String pluginSha256, String testbedHash, List<Long> seeds,
                              ObjectiveSummary summary, Plugin plugin, String testbed, String device,
                              @OptionalKey String dtype, boolean sandboxed, Utility utility, Settings settings,
                              Calibration calibration, List<SeedRuns> perSeed, ObjectiveTimings timings) implements Result {

    public static final String KIND = "objective";

    public ObjectiveResult {
        Copies.requireHeader(schemaVersion, kind, KIND);
        Copies.requireDtype(dtype);
        seeds = List.copyOf(seeds);
        perSeed = List.copyOf(perSeed);
    }

    /**
     * A result whose derived fields follow from the others: {@code plugin_sha256} is the plugin's, {@code seeds} the
     * per-seed mask seeds and {@code testbed_hash} their {@link ResultCodec#combinedTestbedHash}.
     */
    public static ObjectiveResult of(ObjectiveSummary summary, Plugin plugin, String testbed, String device, String dtype,
                                     boolean sandboxed, Utility utility, Settings settings, Calibration calibration,
                                     List<SeedRuns> perSeed, ObjectiveTimings timings) {
        return new ObjectiveResult(SCHEMA_VERSION, KIND, plugin.sha256(), ResultCodec.combinedTestbedHash(perSeed),
                perSeed.stream().map(SeedRuns::maskSeed).toList(), summary, plugin, testbed, device, dtype, sandboxed,
                utility, settings, calibration, perSeed, timings);
    }
}
