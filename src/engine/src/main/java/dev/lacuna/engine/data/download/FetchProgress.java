package dev.lacuna.engine.data.download;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Receives download progress so that a command line can show it and tests can observe it. */
public interface FetchProgress {

    /** {@code bytes} of {@code total} of a file are on disk ({@code total} is -1 when unknown). */
    void advanced(String file, long bytes, long total);

    /** A one-line message about a file: skipped, resumed, verified. */
    void note(String file, String message);

    /** Ignores everything. */
    static FetchProgress silent() {
        return new FetchProgress() {
            @Override
            public void advanced(String file, long bytes, long total) {
            }

            @Override
            public void note(String file, String message) {
            }
        };
    }

    /** Prints a line per file at every further 10 % (or every 1 MiB when the size is unknown). */
    static FetchProgress printingTo(PrintStream out) {
        return new FetchProgress() {
            private final Map<String, Long> lastStep = new HashMap<>();

            @Override
            public void advanced(String file, long bytes, long total) {
                long step = total > 0 ? bytes * 10 / total : bytes >> 20;
                Long previous = lastStep.put(file, step);
                if (previous != null && previous == step && bytes != total) {
                    return;
                }
                if (total > 0) {
                    out.printf(Locale.ROOT, "%s: %d / %d bytes (%d%%)%n", file, bytes, total, bytes * 100 / total);
                } else {
                    out.printf(Locale.ROOT, "%s: %d bytes%n", file, bytes);
                }
            }

            @Override
            public void note(String file, String message) {
                out.println(file + ": " + message);
            }
        };
    }
}
