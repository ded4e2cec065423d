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

    /** The data types a result's weights can have been held in while its numbers were computed. */
    List<String> DTYPES = List.of("float32", "float16", "bfloat16");

    /** What {@link #dtype} absent means: every result written before the key existed was computed in float32. */
    String DEFAULT_DTYPE = "float32";

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

    /**
     * The data type of the model weights the numbers were computed with ({@link #DTYPES}); null in results written
     * before it was recorded, see {@link #computedIn}.
     */
    String dtype();

    /**
     * {@link #dtype}, with an absent one read as {@link #DEFAULT_DTYPE}. Part of a result's identity: numbers computed
     * with 16-bit weights are not float32 numbers, so boards never rank them together.
     */
    default String computedIn() {
        return dtype() == null ? DEFAULT_DTYPE : dtype();
    }

    boolean sandboxed();

    Utility utility();

    Settings settings();

    /** Null only for a localizer's localization-only result. */
    Calibration calibration();

    /** One entry per mask seed, in {@link #seeds()} order. */
    List<? extends SeedResult> perSeed();
}
