package dev.lacuna.results;

import java.util.List;

/**
 * One result file of {@code ./lacuna evaluate} ({@code docs/result-schema.json}): an objective's or a localizer's.
 * Every JSON object of the schema is a record of this package whose components are its keys in camelCase, in the
 * schema's order; {@link ResultCodec} reads and writes them, {@link ResultSchema} validates the text.
 */
public sealed interface Result permits ObjectiveResult, LocalizerResult {

    /** The only {@code schema_version} there is. */
    int SCHEMA_VERSION = 1;

    int schemaVersion();

    /** {@code objective} or {@code localizer}. */
    String kind();

    String pluginSha256();

    /** {@link ResultCodec#combinedTestbedHash} of the seeds' testbeds. */
    String testbedHash();

    /** Mask seeds, in run order; the first calibrated the learning rate. */
    List<Long> seeds();

    Plugin plugin();

    /** What was asked for: data/model or a testbed id. */
    String testbed();

    String device();

    boolean sandboxed();

    Utility utility();

    Settings settings();

    /** Null only for a localizer's localization-only result. */
    Calibration calibration();

    /** One entry per mask seed, in {@link #seeds()} order. */
    List<? extends SeedResult> perSeed();
}
