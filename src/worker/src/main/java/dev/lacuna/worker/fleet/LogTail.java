package dev.lacuna.worker.fleet;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a child's log, what a failed job shows its submitter. Lines are cut to a length and every
 * secret the worker holds (its token) is blanked out before a line is kept, so no log leaves the worker with one.
 */
final class LogTail {

    private static final int LINE_CHARS = 500;

    private final int lines;
    private final List<String> secrets;
    private final Deque<String> kept = new ArrayDeque<>();

    LogTail(int lines, List<String> secrets) {
        this.lines = lines;
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    synchronized void add(String line) {
        String clean = line;
        for (String secret : secrets) {
            clean = clean.replace(secret, "[secret]");
        }
        if (clean.length() > LINE_CHARS) {
            clean = clean.substring(0, LINE_CHARS) + " [...]";
        }
        kept.addLast(clean);
        while (kept.size() > lines) {
            kept.removeFirst();
        }
    }

    synchronized String text() {
        return String.join("\n", kept);
    }

    /** The last {@code lacuna: } line (how the harness states a failure), else the last line, else a default. */
    synchronized String reason(String otherwise) {
        String last = null;
        for (String line : kept) {
            if (line.startsWith("lacuna: ")) {
                last = line.substring("lacuna: ".length());
            }
        }
        if (last == null && !kept.isEmpty()) {
            last = kept.peekLast();
        }
        return last == null || last.isBlank() ? otherwise : last;
    }
}
