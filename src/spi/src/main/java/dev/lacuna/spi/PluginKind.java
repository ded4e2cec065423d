package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Locale;
import org.apiguardian.api.API;

/** What a plugin contributes, and therefore which evaluation protocol the harness runs on it. */
@API(status = STABLE, since = "1.0")
public enum PluginKind {
    /** Scores every MLP value vector for how much it stores the forget set. */
    LOCALIZER,
    /** A differentiable loss that unlearns the forget set inside a given region. */
    OBJECTIVE;

    /** The lower-case word used in manifests and result files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a manifest value such as {@code localizer}; the error names the accepted words. */
    public static PluginKind fromLabel(String label) {
        for (PluginKind kind : values()) {
            if (kind.label().equals(label == null ? null : label.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown plugin kind '" + label + "': expected 'localizer' or 'objective'");
    }
}
