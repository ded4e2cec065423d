package dev.lacuna.engine.metrics;

/**
 * Forget Quality at the point where Model Utility has fallen to 95 % of the original model's: a
 * single-point comparison of unlearning methods at the same tolerated loss of utility.
 *
 * @param log10ForgetQuality log10 FQ at the crossing, linearly interpolated between the two neighbouring
 *                           points; at the last point when MU never falls that far
 * @param alpha              the mixing coefficient at the crossing, interpolated the same way
 * @param reached            whether MU fell to the threshold at all
 */
public record Mu95(double log10ForgetQuality, double alpha, boolean reached) {

    /** The fraction of the original utility that defines the crossing. */
    public static final double FRACTION = 0.95;

    /**
     * MU95 of one mixing sweep, walked from the first alpha upward; the threshold is 95 % of the MU at
     * the first point (the original model, alpha = 0).
     */
    public static Mu95 ofSweep(double[] alphas, double[] modelUtility, double[] log10ForgetQuality) {
        if (alphas.length == 0 || alphas.length != modelUtility.length || alphas.length != log10ForgetQuality.length) {
            throw new IllegalArgumentException("MU95 needs equally long, non-empty alpha, MU and FQ arrays, got "
                    + alphas.length + ", " + modelUtility.length + " and " + log10ForgetQuality.length);
        }
        return firstCrossing(alphas, modelUtility, log10ForgetQuality, FRACTION * modelUtility[0]);
    }

    /**
     * The first place along the given order where MU is at or below the threshold, interpolating FQ and
     * alpha between that point and the one before it.
     */
    public static Mu95 firstCrossing(double[] alphas, double[] modelUtility, double[] log10Fq, double threshold) {
        for (int i = 0; i < modelUtility.length; i++) {
            if (modelUtility[i] <= threshold) {
                if (i == 0) {
                    return new Mu95(log10Fq[0], alphas[0], true);
                }
                double drop = modelUtility[i - 1] - modelUtility[i];
                double t = (modelUtility[i - 1] - threshold) / drop;
                return new Mu95(
                        log10Fq[i - 1] + t * (log10Fq[i] - log10Fq[i - 1]),
                        alphas[i - 1] + t * (alphas[i] - alphas[i - 1]),
                        true);
            }
        }
        int last = modelUtility.length - 1;
        return new Mu95(log10Fq[last], alphas[last], false);
    }
}
