package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Receives MLP memory coefficients (the activations that weight each value vector) from a forward pass,
 * one call per item and layer. Coefficients are given at the positions that predict answer tokens, since
 * those are the positions whose output the forget set is about.
 */
@API(status = STABLE, since = "1.0")
@FunctionalInterface
public interface ActivationVisitor {

    /**
     * @param item         index of the item within its split
     * @param layer        0-based layer
     * @param positions    number of answer positions T of this item
     * @param coefficients {@code T x valueVectorsPerLayer} values, row-major: entry
     *                     {@code t * valueVectorsPerLayer + i} weights value vector {@code i} at position
     *                     {@code t}. The array belongs to the visitor only for the duration of the call.
     */
    void visit(int item, int layer, int positions, float[] coefficients);
}
