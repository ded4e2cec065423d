package dev.lacuna.engine.plugin;

/**
 * How large and how odd a plugin JAR may be before {@link JarValidator} refuses it. The defaults are
 * generous for a plugin (the built-in ones are a few kilobytes) and small enough that an upload cannot
 * exhaust the server's disk, memory or time while it is checked.
 *
 * @param maxJarBytes largest JAR file, checked before the file is opened
 * @param maxEntries most entries in the JAR's central directory
 * @param maxEntryBytes most bytes one entry may inflate to, counted while inflating
 * @param maxTotalBytes most bytes all entries together may inflate to, counted while inflating
 * @param maxCompressionRatio most times an entry may inflate beyond its compressed size
 * @param ratioCheckedAbove inflated size from which the compression ratio is checked
 * @param maxClassMajorVersion highest class-file major version accepted
 */
public record JarLimits(
        long maxJarBytes,
        int maxEntries,
        long maxEntryBytes,
        long maxTotalBytes,
        long maxCompressionRatio,
        long ratioCheckedAbove,
        int maxClassMajorVersion) {

    private static final long MIB = 1L << 20;

    /** 20 MiB: a plugin with its bundled libraries is far smaller; an upload larger than this is refused unread. */
    public static final long DEFAULT_MAX_JAR_BYTES = 20 * MIB;

    /** 2,000 entries: enough for a plugin with shaded libraries, few enough to list and check quickly. */
    public static final int DEFAULT_MAX_ENTRIES = 2_000;

    /** 50 MiB per entry: no class or resource of a plugin is this large; a zip bomb's entry is. */
    public static final long DEFAULT_MAX_ENTRY_BYTES = 50 * MIB;

    /** 100 MiB in all: what the validator inflates at most, so a JAR of many small bombs costs little too. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 100 * MIB;

    /** 100:1: class files compress about 2:1 and text about 10:1; only crafted data compresses 1000:1. */
    public static final long DEFAULT_MAX_COMPRESSION_RATIO = 100;

    /**
     * 1 MiB: below this an entry is harmless however well it compresses (a blank resource, a table of zeros), so
     * small, highly compressible files are not refused for their ratio.
     */
    public static final long DEFAULT_RATIO_CHECKED_ABOVE = MIB;

    /** 61 (Java 17): the harness runs on Java 17, which cannot load classes of a later release. */
    public static final int DEFAULT_MAX_CLASS_MAJOR_VERSION = 61;

    /** Every limit must be positive; a zero or negative limit would refuse everything or nothing. */
    public JarLimits {
        if (maxJarBytes <= 0 || maxEntries <= 0 || maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxCompressionRatio <= 0
                || ratioCheckedAbove < 0 || maxClassMajorVersion <= 0) {
            throw new IllegalArgumentException("JAR limits must be positive: " + this);
        }
    }

    /** The limits every plugin JAR is checked against. */
    public static JarLimits defaults() {
        return new JarLimits(DEFAULT_MAX_JAR_BYTES, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_MAX_TOTAL_BYTES,
                DEFAULT_MAX_COMPRESSION_RATIO, DEFAULT_RATIO_CHECKED_ABOVE, DEFAULT_MAX_CLASS_MAJOR_VERSION);
    }

    /** These limits with another JAR size cap. */
    public JarLimits withMaxJarBytes(long bytes) {
        return new JarLimits(bytes, maxEntries, maxEntryBytes, maxTotalBytes, maxCompressionRatio, ratioCheckedAbove,
                maxClassMajorVersion);
    }

    /** These limits with another entry count cap. */
    public JarLimits withMaxEntries(int entries) {
        return new JarLimits(maxJarBytes, entries, maxEntryBytes, maxTotalBytes, maxCompressionRatio, ratioCheckedAbove,
                maxClassMajorVersion);
    }

    /** These limits with another per-entry inflated size cap. */
    public JarLimits withMaxEntryBytes(long bytes) {
        return new JarLimits(maxJarBytes, maxEntries, bytes, maxTotalBytes, maxCompressionRatio, ratioCheckedAbove,
                maxClassMajorVersion);
    }

    /** These limits with another total inflated size cap. */
    public JarLimits withMaxTotalBytes(long bytes) {
        return new JarLimits(maxJarBytes, maxEntries, maxEntryBytes, bytes, maxCompressionRatio, ratioCheckedAbove,
                maxClassMajorVersion);
    }
}
