package dev.lacuna.engine.metrics;

/**
 * How much more likely a model finds wrong answers than a correct one. On utility sets a good model
 * prefers the correct answer (small ratio); on the forget set the gold model, which never saw the facts,
 * is indifferent (ratio near 1).
 */
public final class TruthRatio {

    private TruthRatio() {
    }

    /**
     * {@code R = P_wrong / P_correct}, with P_wrong the geometric mean of the perturbed answers'
     * length-normalised probabilities.
     */
    public static double of(double correctProbability, double[] perturbedProbabilities) {
        if (perturbedProbabilities.length == 0) {
            throw new IllegalArgumentException("the truth ratio needs at least one perturbed answer");
        }
        double meanLog = 0;
        for (double p : perturbedProbabilities) {
            meanLog += Math.log(p);
        }
        meanLog /= perturbedProbabilities.length;
        return Math.exp(meanLog - Math.log(correctProbability));
    }

    /** Score of a utility set: mean of {@code max(0, 1 - R)}; 1 is best. */
    public static double utilityScore(double[] ratios) {
        double sum = 0;
        for (double r : ratios) {
            sum += Math.max(0, 1 - r);
        }
        return sum / ratios.length;
    }

    /** Score of the forget set: mean of {@code min(R, 1/R)}; 1 means indifferent, like the gold model. */
    public static double forgetScore(double[] ratios) {
        double sum = 0;
        for (double r : ratios) {
            sum += Math.min(r, 1 / r);
        }
        return sum / ratios.length;
    }
}
