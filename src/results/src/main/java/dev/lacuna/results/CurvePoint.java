package dev.lacuna.results;

/**
 * One point of a mixing sweep; {@code mu} and {@code log10Fq} are null where the data has no utility sets (or FQ
 * is not finite).
 */
public record CurvePoint(double alpha, double fs, double rs, @Nullable Double mu, @Nullable Double log10Fq) {
}
