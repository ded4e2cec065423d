package dev.lacuna.submissions.wagle;

import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.GradientLoss;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;
import dev.lacuna.spi.ValueVectorGradients;

/**
 * WAGLE (Jia et al., 2024, "WAGLE: strategic weight attribution for effective and modular unlearning in
 * large language models") in the value-vector form of Lee et al. (2025): a weight is attributed by its
 * first-order effect on the forget loss (weight times forget gradient), corrected by the retain gradient
 * scaled by the inverse curvature. With {@code g_f} and {@code g_r} the mean gradients of the answer NLL
 * on the forget and the retain split and {@code theta} the value vectors, value vector {@code (l,i)}
 * scores {@code (1/d) sum_j (theta_j g_f_j - (1/gamma) g_r_j g_f_j)} over its {@code d = d_model}
 * entries. gamma, the average diagonal Hessian over the retain set, is estimated with the diagonal
 * Fisher: the mean over all value-vector entries of the retain split's mean squared gradient. Option
 * {@code gamma} overrides the estimate; a gamma of zero or a non-finite one is replaced by 1.
 */
public final class WagleLocalizer implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        ModelShape shape = context.shape();
        ModelView model = context.model();
        float[] forget = model.gradients(DataSplit.FORGET, GradientLoss.meanAnswerNll()).mean();
        ValueVectorGradients retain = model.gradients(DataSplit.RETAIN, GradientLoss.meanAnswerNll());
        float[] retainMean = retain.mean();
        double gamma = gamma(context, retain.meanOfSquares());

        int perLayer = shape.valueVectorsPerLayer();
        int dModel = shape.dModel();
        float[] scores = new float[shape.valueVectors()];
        for (int layer = 0; layer < shape.layers(); layer++) {
            float[] theta = model.valueVectors(layer);
            for (int i = 0; i < perLayer; i++) {
                int vector = layer * perLayer + i;
                double weightAttribution = 0;
                double retainCorrection = 0;
                for (int j = 0; j < dModel; j++) {
                    double gradient = forget[vector * dModel + j];
                    weightAttribution += theta[i * dModel + j] * gradient;
                    retainCorrection += retainMean[vector * dModel + j] * gradient;
                }
                scores[vector] = (float) ((weightAttribution - retainCorrection / gamma) / dModel);
            }
        }
        return scores;
    }

    private static double gamma(LocalizationContext context, float[] retainMeanOfSquares) {
        String option = context.option("gamma", null);
        double gamma = option != null ? Double.parseDouble(option) : mean(retainMeanOfSquares);
        return gamma != 0 && Double.isFinite(gamma) ? gamma : 1;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }
}
