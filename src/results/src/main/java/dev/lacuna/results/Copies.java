package dev.lacuna.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Unmodifiable copies for record components. */
final class Copies {

    private Copies() {
    }

    /** A copy that keeps null elements ({@link List#copyOf} refuses them); null stays null. */
    static <T> List<T> withNulls(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** A copy sorted by key, the order results list options in. */
    static Map<String, String> sorted(Map<String, String> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** Refuses a result header other than this schema version's, of the given kind. */
    static void requireHeader(int schemaVersion, String kind, String expectedKind) {
        if (schemaVersion != Result.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema_version " + schemaVersion + " is not " + Result.SCHEMA_VERSION);
        }
        if (!expectedKind.equals(kind)) {
            throw new IllegalArgumentException("kind '" + kind + "' is not '" + expectedKind + "'");
        }
    }

    /** Refuses a {@code dtype} the schema does not name; null (a result from before dtypes were recorded) passes. */
    static void requireDtype(String dtype) {
        if (dtype != null && !Result.DTYPES.contains(dtype)) {
            throw new IllegalArgumentException("dtype '" + dtype + "' is none of " + Result.DTYPES);
        }
    }
}
