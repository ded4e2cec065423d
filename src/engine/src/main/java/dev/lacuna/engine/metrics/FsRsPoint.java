package dev.lacuna.engine.metrics;

/** One point of a forget-score / retain-score curve: FS = 1 - mean ES(forget), RS = mean ES(retain). */
public record FsRsPoint(double fs, double rs) {
}
