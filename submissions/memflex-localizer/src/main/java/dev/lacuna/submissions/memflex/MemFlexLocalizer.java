package dev.lacuna.submissions.memflex;

import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.GradientLoss;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ValueVectorGradients;

/**
 * MemFlex (Tian et al., 2024, "To forget or not? Towards practical knowledge unlearning for LLMs") in the
 * value-vector form of Lee et al. (2025), appendix C. Training on random labels perturbs the knowledge a
 * split relies on; the unlearning gradient {@code g_unl} and the retention gradient {@code g_ret} are the
 * mean random-label gradients of the forget and the retain split, each averaged over {@code repeats}
 * seeds (option, default 3). A value vector stores forget knowledge when its unlearning gradient points
 * away from its retention gradient and is large: MemFlex selects {@code cos(g_unl_i, g_ret_i) < mu} and
 * {@code ||g_unl_i|| > sigma}, a cosine of 0 standing in where either gradient is zero.
 *
 * <p>The harness wants a ranking, not a selection, so this class turns the indicator into scores whose
 * top {@code p = fraction()} is that selection with mu and sigma tuned to select {@code round(p N)}
 * value vectors. mu starts at option {@code mu} (default 0.95, as in Lee et al.) and rises by 0.01, at
 * most to 1.0001 where every vector passes, until at least {@code round(p N)} vectors pass the cosine
 * test; sigma is then implicitly the magnitude of the {@code round(p N)}-th largest passing vector.
 * Passing vectors score {@code 1 + m_i / max m}, all others {@code m_i / max m - 1}, so every passing
 * vector outranks every other one and magnitude orders each group.
 */
public final class MemFlexLocalizer implements Localizer {

    private static final double MU_STEP = 0.01;
    private static final double MU_CAP = 1.0001;
    private static final double TINY = 1e-30;

    @Override
    public float[] score(LocalizationContext context) {
        ModelShape shape = context.shape();
        int repeats = Integer.parseInt(context.option("repeats", "3"));
        if (repeats < 1) {
            throw new IllegalArgumentException("option repeats must be at least 1: " + repeats);
        }
        double startMu = Double.parseDouble(context.option("mu", "0.95"));
        double[] unlearning = meanRandomLabelGradient(context, DataSplit.FORGET, repeats);
        double[] retention = meanRandomLabelGradient(context, DataSplit.RETAIN, repeats);

        int count = shape.valueVectors();
        int dModel = shape.dModel();
        double[] cosine = new double[count];
        double[] magnitude = new double[count];
        double maxMagnitude = 0;
        for (int v = 0; v < count; v++) {
            int from = v * dModel;
            double dot = 0;
            double unlearningSquares = 0;
            double retentionSquares = 0;
            for (int j = from; j < from + dModel; j++) {
                dot += unlearning[j] * retention[j];
                unlearningSquares += unlearning[j] * unlearning[j];
                retentionSquares += retention[j] * retention[j];
            }
            magnitude[v] = Math.sqrt(unlearningSquares);
            double norms = magnitude[v] * Math.sqrt(retentionSquares);
            cosine[v] = norms > 0 ? Math.max(-1, Math.min(1, dot / norms)) : 0;
            maxMagnitude = Math.max(maxMagnitude, magnitude[v]);
        }

        double mu = cosineThreshold(cosine, startMu, (int) Math.round(context.fraction() * count));
        float[] scores = new float[count];
        for (int v = 0; v < count; v++) {
            double relative = magnitude[v] / (maxMagnitude + TINY);
            scores[v] = (float) (cosine[v] < mu ? 1 + relative : relative - 1);
        }
        return scores;
    }

    /** The smallest {@code start + k * 0.01} (capped at 1.0001) that at least {@code wanted} cosines fall below. */
    private static double cosineThreshold(double[] cosine, double start, int wanted) {
        double mu = start;
        for (int step = 1; passing(cosine, mu) < wanted && mu < MU_CAP; step++) {
            mu = Math.min(start + step * MU_STEP, MU_CAP);
        }
        return mu;
    }

    private static int passing(double[] cosine, double mu) {
        int passing = 0;
        for (double c : cosine) {
            if (c < mu) {
                passing++;
            }
        }
        return passing;
    }

    private static double[] meanRandomLabelGradient(LocalizationContext context, DataSplit split, int repeats) {
        double[] sum = null;
        for (int r = 0; r < repeats; r++) {
            ValueVectorGradients gradients = context.model()
                    .randomLabelGradients(split, seed(context.seed(), split, r), GradientLoss.meanAnswerNll());
            float[] mean = gradients.mean();
            if (sum == null) {
                sum = new double[mean.length];
            }
            for (int j = 0; j < mean.length; j++) {
                sum[j] += mean[j];
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= repeats;
        }
        return sum;
    }

    /** Distinct for every split and repeat, and fixed by the harness's seed. */
    static long seed(long base, DataSplit split, int repeat) {
        return base * 31 + 2L * repeat + (split == DataSplit.RETAIN ? 1 : 0);
    }
}
