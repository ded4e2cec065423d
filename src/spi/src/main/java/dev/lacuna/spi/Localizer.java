package dev.lacuna.spi;

/**
 * Scores every MLP value vector of a model for how much it stores the forget set.
 *
 * <p>The harness keeps the top {@code p} % of the scores as the region to unlearn and compares it
 * with the testbed's ground-truth region. Scores are laid out layer-major: the score of value vector
 * {@code i} of layer {@code l} sits at index {@code l * valueVectorsPerLayer + i}. Every score must
 * be finite.
 *
 * <p>Example, a localizer that ranks value vectors at random:
 *
 * <pre>{@code
 * public final class RandomLocalizer implements Localizer {
 *     public float[] score(LocalizationContext context) {
 *         java.util.Random random = new java.util.Random(context.seed());
 *         float[] scores = new float[context.shape().valueVectors()];
 *         for (int i = 0; i < scores.length; i++) {
 *             scores[i] = random.nextFloat();
 *         }
 *         return scores;
 *     }
 * }
 * }</pre>
 */
public interface Localizer {

    /** Returns one finite score per value vector, layer-major. */
    float[] score(LocalizationContext context);
}
