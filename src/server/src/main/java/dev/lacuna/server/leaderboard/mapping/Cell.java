package dev.lacuna.server.leaderboard.mapping;

import java.util.Locale;

/**
 * One board value: a mean over seeds with its sample sd where the protocol reports one, or a single number
 * (a p-value, a gap). {@code mean} is null where the result has no such number (e.g. MU95 without Forget
 * Quality); such cells sort last either way.
 */
public record Cell(Double mean, Double sd, Format format) {

    /** How a column's numbers read. */
    public enum Format {
        /** a score in [0, 1]: three decimals */
        UNIT,
        /** log10 Forget Quality: two decimals */
        LOG10,
        /** a p-value: three significant digits, never rounded to 0 */
        P_VALUE,
        /** a count */
        COUNT
    }

    public static Cell of(Double mean, Double sd, Format format) {
        return new Cell(mean, sd, format);
    }

    public String text() {
        if (mean == null) {
            return "–";
        }
        String value = number(mean);
        return sd == null ? value : value + " ± " + number(sd);
    }

    private String number(double v) {
        return switch (format) {
            case UNIT -> String.format(Locale.ROOT, "%.3f", v);
            case LOG10 -> String.format(Locale.ROOT, "%.2f", v);
            case COUNT -> String.format(Locale.ROOT, "%d", Math.round(v));
            case P_VALUE -> v >= 0.001 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.1e", v);
        };
    }
}
