package dev.lacuna.engine.data;

import java.nio.file.Path;

/**
 * A data file that cannot be read as the data set promises. The message names the file, the 1-based
 * line and the field so that a broken download or a hand-edited file can be fixed without a debugger.
 */
public final class DataFormatException extends RuntimeException {

    private final Path file;
    private final int line;
    private final String field;

    /**
     * @param file    the offending file
     * @param line    1-based line number, or 0 when the problem concerns the whole file
     * @param field   the JSON field at fault, or {@code null} when the problem is not about one field
     * @param problem what is wrong, in a few words
     */
    public DataFormatException(Path file, int line, String field, String problem) {
        this(file, line, field, problem, null);
    }

    public DataFormatException(Path file, int line, String field, String problem, Throwable cause) {
        super(format(file, line, field, problem), cause);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number; 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    /** The field at fault, or {@code null}. */
    public String field() {
        return field;
    }

    private static String format(Path file, int line, String field, String problem) {
        StringBuilder message = new StringBuilder().append(file);
        if (line > 0) {
            message.append(", line ").append(line);
        }
        if (field != null) {
            message.append(", field '").append(field).append('\'');
        }
        return message.append(": ").append(problem).toString();
    }
}
