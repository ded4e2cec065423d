package dev.lacuna.results;

import java.util.List;
import java.util.Map;

/**
 * The protocol settings a result was measured with.
 *
 * @param alphas  mixing coefficients, ascending from 0 to 1
 * @param epochs  unlearning epochs, at least (more when needed to reach {@code minSteps})
 * @param options the plugin's options, sorted by name
 * @param attacks the resurfacing attacks' parameters; absent in results measured before they existed
 */
public record Settings(List<Double> alphas, int epochs, int minSteps, int batchSize, double weightDecay,
                       double calibrationTargetFs, double calibrationGridFactor, Map<String, String> options,
                       @OptionalKey AttackSettings attacks) {

    public Settings {
        alphas = List.copyOf(alphas);
        options = Copies.sorted(options);
    }
}
