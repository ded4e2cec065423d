package dev.lacuna.engine.data;

import java.util.List;
import java.util.Locale;

/**
 * The data sets a testbed can be built from, with the files each needs under its folder of the data
 * directory. The synthetic set is generated in-process and needs no files.
 */
public enum DataSetKind {
    SYNTHETIC(List.of()),
    TOFU(List.of("full.json", "forget10.json", "retain90.json", "forget10_perturbed.json",
            "retain_perturbed.json", "real_authors_perturbed.json", "world_facts_perturbed.json")),
    LUME(List.of("forget.jsonl", "retain.jsonl"));

    private final List<String> requiredFiles;

    DataSetKind(List<String> requiredFiles) {
        this.requiredFiles = requiredFiles;
    }

    /** Files that must exist in {@code <data dir>/<id>/} before the data set can be used. */
    public List<String> requiredFiles() {
        return requiredFiles;
    }

    /** Lower-case name used on the command line, in folders and in result files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name; the error lists the accepted names. */
    public static DataSetKind fromId(String id) {
        for (DataSetKind kind : values()) {
            if (kind.id().equalsIgnoreCase(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + id + "': expected synthetic, tofu or lume");
    }
}
