package dev.lacuna.results;

import java.util.List;

/**
 * The resurfacing attacks on a run's theta_u (alpha = 1), whose FS before them is the curve's alpha = 1 point.
 *
 * @param quantization one entry per bit width, widest first
 */
public record Attacks(List<QuantizedScores> quantization, RelearnedScores relearning) {

    public Attacks {
        quantization = List.copyOf(quantization);
    }
}
