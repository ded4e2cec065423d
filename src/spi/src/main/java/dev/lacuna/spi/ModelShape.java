package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The dimensions of the model a plugin works on. Value vector {@code i} of layer {@code l} (row
 * {@code i} of that layer's MLP output matrix {@code W_V}) has the flat index
 * {@code l * valueVectorsPerLayer + i} wherever a plugin sees one number per value vector.
 *
 * @param layers               number of transformer layers
 * @param dModel               width of the residual stream (length of a hidden state and of a value vector)
 * @param valueVectorsPerLayer number of MLP value vectors per layer (the MLP's hidden width)
 * @param vocabularySize       number of token ids (width of a logits row)
 */
@API(status = STABLE, since = "1.0")
public record ModelShape(int layers, int dModel, int valueVectorsPerLayer, int vocabularySize) {

    public ModelShape {
        if (layers <= 0 || dModel <= 0 || valueVectorsPerLayer <= 0 || vocabularySize <= 0) {
            throw new IllegalArgumentException("model dimensions must be positive: " + layers + " layers, d_model "
                    + dModel + ", " + valueVectorsPerLayer + " value vectors per layer, vocabulary " + vocabularySize);
        }
    }

    /** Number of value vectors in the whole model. */
    public int valueVectors() {
        return layers * valueVectorsPerLayer;
    }
}
