package dev.lacuna.results;

/**
 * Wall-clock seconds of an objective evaluation by stage; generation is part of mixing evaluation. The schema lets
 * {@code timings} hold further stages; the harness writes exactly these, and {@link ResultCodec} refuses others
 * rather than drop them.
 */
public record ObjectiveTimings(double totalSeconds, double calibrationSeconds, double unlearningSeconds,
                               double mixingEvaluationSeconds, double generationSeconds, double statisticsSeconds) {
}
