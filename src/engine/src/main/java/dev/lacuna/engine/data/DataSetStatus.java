package dev.lacuna.engine.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether a data set can be used right now, where it is read from and, if not usable, which files are
 * missing.
 */
public record DataSetStatus(DataSetKind kind, boolean available, Path location, List<String> missingFiles) {

    public DataSetStatus {
        missingFiles = List.copyOf(missingFiles);
    }

    /** One line for people: {@code tofu: available (/data/tofu)} or what is missing. */
    public String describe() {
        if (kind == DataSetKind.SYNTHETIC) {
            return kind.id() + ": available (generated, no files needed)";
        }
        if (available) {
            return kind.id() + ": available (" + location + ")";
        }
        if (location == null) {
            return kind.id() + ": not available (no data directory configured)";
        }
        return kind.id() + ": not available (missing in " + location + ": " + String.join(", ", missingFiles) + ")";
    }

    /**
     * The command that downloads this data set into the data directory it was looked for in, ready to paste: a
     * placeholder such as {@code DIR} would fail as written. Without a configured directory it names none, and
     * {@code data fetch} then says how to give one.
     */
    public String fetchCommand() {
        String command = "./lacuna data fetch " + kind.id();
        return location == null ? command : command + " --data-dir " + location.toAbsolutePath().getParent();
    }
}
