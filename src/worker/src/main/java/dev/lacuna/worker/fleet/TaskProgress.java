package dev.lacuna.worker.fleet;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * Progress of a running task as one line on the child's stderr, which its worker reads and forwards with
 * its heartbeats: the fraction of the task done, the step in the current stage and the stage.
 */
public final class TaskProgress {

    /** Prefix of a progress line: {@code lacuna-task-progress: FRACTION DONE/TOTAL STAGE}. */
    public static final String PREFIX = "lacuna-task-progress: ";

    /** One reading of a task's progress. */
    public record Reading(double fraction, int done, int total, String stage) {
    }

    private final PrintStream err;

    public TaskProgress(PrintStream err) {
        this.err = err;
    }

    public void report(String stage, int done, int total, double fraction) {
        synchronized (err) {
            err.printf(Locale.ROOT, "%s%.6f %d/%d %s%n", PREFIX, Math.max(0, Math.min(1, fraction)), done, total, stage);
            err.flush();
        }
    }

    /** The reading a line holds, empty for any other line. */
    public static Optional<Reading> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = line.substring(PREFIX.length()).split(" ", 3);
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            String[] step = parts[1].split("/");
            return Optional.of(new Reading(Double.parseDouble(parts[0]), Integer.parseInt(step[0]), Integer.parseInt(step[1]), parts[2]));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
