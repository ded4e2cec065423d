package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Scores every MLP value vector of a model for how much it stores the forget set.
 *
 * <p>The harness keeps the top {@link LocalizationContext#fraction() p} of the scores (equal scores in
 * index order) as the region to unlearn, compares it with the testbed's ground-truth region, and unlearns
 * there with its reference objective. Scores are laid out layer-major: the score of value vector
 * {@code i} of layer {@code l} sits at index {@code l * valueVectorsPerLayer + i}. A result with the
 * wrong length or a non-finite score fails the evaluation.
 *
 * <p>Example, a localizer that ranks value vectors by their norm times their mean absolute activation on
 * the forget set:
 *
 * <pre>{@code
 * public final class ActivationNorm implements Localizer {
 *     public float[] score(LocalizationContext context) {
 *         ModelShape shape = context.shape();
 *         int perLayer = shape.valueVectorsPerLayer();
 *         double[] sum = new double[shape.valueVectors()];
 *         long[] count = new long[shape.layers()];
 *         context.model().visitActivations(DataSplit.FORGET, (item, layer, positions, coefficients) -> {
 *             for (int t = 0; t < positions; t++) {
 *                 for (int i = 0; i < perLayer; i++) {
 *                     sum[layer * perLayer + i] += Math.abs(coefficients[t * perLayer + i]);
 *                 }
 *             }
 *             count[layer] += positions;
 *         });
 *         float[] scores = new float[shape.valueVectors()];
 *         for (int layer = 0; layer < shape.layers(); layer++) {
 *             float[] rows = context.model().valueVectors(layer);
 *             for (int i = 0; i < perLayer; i++) {
 *                 double norm = 0;
 *                 for (int j = 0; j < shape.dModel(); j++) {
 *                     norm += rows[i * shape.dModel() + j] * rows[i * shape.dModel() + j];
 *                 }
 *                 scores[layer * perLayer + i] = (float) (sum[layer * perLayer + i] / count[layer] * Math.sqrt(norm));
 *             }
 *         }
 *         return scores;
 *     }
 * }
 * }</pre>
 */
@API(status = STABLE, since = "1.0")
public interface Localizer {

    /** Returns one finite score per value vector, layer-major. */
    float[] score(LocalizationContext context);
}
