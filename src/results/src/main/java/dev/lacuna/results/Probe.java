package dev.lacuna.results;

/** One rate the calibration tried and the FS it reached at alpha = 1. */
public record Probe(double learningRate, double fs) {
}
