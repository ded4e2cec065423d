package dev.lacuna.engine.metrics;

/**
 * TOFU's Model Utility: the harmonic mean of probability, ROUGE-L recall and truth-ratio scores on the
 * retain, real-authors and world-facts sets. The harmonic mean punishes collapse on any one of them.
 */
public final class ModelUtility {

    private ModelUtility() {
    }

    /** Harmonic mean; 0 when any value is 0 (its limit), and an error for negative or non-finite values. */
    public static double harmonicMean(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Model Utility needs at least one score");
        }
        double reciprocalSum = 0;
        for (double v : values) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("Model Utility scores must be finite and >= 0, got " + v);
            }
            if (v == 0) {
                return 0;
            }
            reciprocalSum += 1 / v;
        }
        return values.length / reciprocalSum;
    }
}
