package dev.lacuna.results;

/**
 * Wall-clock seconds of a localizer evaluation by stage; localization is the plugin's scoring over all seeds. As
 * with {@link ObjectiveTimings}, exactly the stages the harness writes.
 */
public record LocalizerTimings(double totalSeconds, double calibrationSeconds, double localizationSeconds,
                               double unlearningSeconds, double mixingEvaluationSeconds, double generationSeconds,
                               double statisticsSeconds) {
}
