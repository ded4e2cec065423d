package dev.lacuna.spi;

/**
 * Gradients of a loss with respect to every value vector, over the batches of one split. Arrays hold
 * {@code layers x valueVectorsPerLayer x dModel} values, layer-major: the gradient of value vector
 * {@code i} of layer {@code l} starts at {@code (l * valueVectorsPerLayer + i) * dModel}.
 *
 * @param mean          the mean over batches of each batch's gradient
 * @param meanOfSquares the mean over batches of each batch's squared gradient (a diagonal Fisher estimate)
 * @param batches       number of batches averaged
 */
public record ValueVectorGradients(float[] mean, float[] meanOfSquares, int batches) {

    public ValueVectorGradients {
        if (mean.length != meanOfSquares.length || batches < 1) {
            throw new IllegalArgumentException("gradient arrays must have equal length and come from at least one batch");
        }
    }
}
