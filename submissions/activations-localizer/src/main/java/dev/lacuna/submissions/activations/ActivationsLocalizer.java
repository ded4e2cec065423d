package dev.lacuna.submissions.activations;

import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;

/**
 * The activations localizer of Chang et al. (2024), "Do localization methods actually localize memorized
 * data in LLMs?": a value vector matters for the forget set when it is both strongly activated on it and
 * large, so {@code A(l,i) = (1/T) sum_t |h_{l,i,t}| * ||v_{l,i}||}, the mean over all answer positions of
 * all forget items. Activation scales differ between layers, so each layer's scores are divided by that
 * layer's mean score (an all-zero layer stays zero) to make value vectors of different layers comparable.
 */
public final class ActivationsLocalizer implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        ModelShape shape = context.shape();
        ModelView model = context.model();
        int perLayer = shape.valueVectorsPerLayer();
        int dModel = shape.dModel();
        double[] absoluteSum = new double[shape.valueVectors()];
        long[] positionsSeen = new long[shape.layers()];
        model.visitActivations(DataSplit.FORGET, (item, layer, positions, coefficients) -> {
            int base = layer * perLayer;
            for (int t = 0; t < positions; t++) {
                for (int i = 0; i < perLayer; i++) {
                    absoluteSum[base + i] += Math.abs(coefficients[t * perLayer + i]);
                }
            }
            positionsSeen[layer] += positions;
        });

        float[] scores = new float[shape.valueVectors()];
        double[] layerScores = new double[perLayer];
        for (int layer = 0; layer < shape.layers(); layer++) {
            float[] rows = model.valueVectors(layer);
            double layerTotal = 0;
            for (int i = 0; i < perLayer; i++) {
                double meanActivation = positionsSeen[layer] == 0 ? 0 : absoluteSum[layer * perLayer + i] / positionsSeen[layer];
                layerScores[i] = meanActivation * norm(rows, i * dModel, dModel);
                layerTotal += layerScores[i];
            }
            double layerMean = layerTotal / perLayer;
            for (int i = 0; i < perLayer; i++) {
                scores[layer * perLayer + i] = layerMean > 0 ? (float) (layerScores[i] / layerMean) : 0f;
            }
        }
        return scores;
    }

    private static double norm(float[] values, int from, int length) {
        double sum = 0;
        for (int j = from; j < from + length; j++) {
            sum += (double) values[j] * values[j];
        }
        return Math.sqrt(sum);
    }
}
