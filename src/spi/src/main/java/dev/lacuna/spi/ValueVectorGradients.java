package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * Gradients of a loss with respect to every value vector, over the batches of one split. Arrays hold
 * {@code layers x valueVectorsPerLayer x dModel} values, layer-major: the gradient of value vector
 * {@code i} of layer {@code l} starts at {@code (l * valueVectorsPerLayer + i) * dModel}.
 *
 * <p>Labelled {@code MAINTAINED}: a major version may add components (further per-batch statistics), which
 * changes the canonical constructor; plugins read it through the accessors.
 *
 * @param mean          the mean over batches of each batch's gradient
 * @param meanOfSquares the mean over batches of each batch's squared gradient (a diagonal Fisher estimate)
 * @param batches       number of batches averaged
 */
@API(status = MAINTAINED, since = "1.0")
public record ValueVectorGradients(float[] mean, float[] meanOfSquares, int batches) {

    public ValueVectorGradients {
        if (mean.length != meanOfSquares.length || batches < 1) {
            throw new IllegalArgumentException("gradient arrays must have equal length and come from at least one batch");
        }
    }
}
