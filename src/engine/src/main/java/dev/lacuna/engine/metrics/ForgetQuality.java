package dev.lacuna.engine.metrics;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * TOFU's Forget Quality: the p-value of a two-sample Kolmogorov–Smirnov test between the forget-set
 * truth ratios of the evaluated model and of the gold model that never saw the forget set. A high value
 * means the two are indistinguishable.
 *
 * <p>The p-value is the exact one (as scipy's {@code ks_2samp} computes it for samples up to 10,000),
 * never the asymptotic approximation, which loses the very small values that separate an unlearned
 * model from the original.
 */
public final class ForgetQuality {

    private static final KolmogorovSmirnovTest EXACT = KolmogorovSmirnovTest.withDefaults().with(PValueMethod.EXACT);

    private ForgetQuality() {
    }

    public static double pValue(double[] evaluatedTruthRatios, double[] goldTruthRatios) {
        return EXACT.test(evaluatedTruthRatios, goldTruthRatios).getPValue();
    }

    /** {@code log10} of the p-value, the form results report. */
    public static double log10(double[] evaluatedTruthRatios, double[] goldTruthRatios) {
        return Math.log10(pValue(evaluatedTruthRatios, goldTruthRatios));
    }
}
