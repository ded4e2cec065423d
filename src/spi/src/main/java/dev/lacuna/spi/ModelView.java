package dev.lacuna.spi;

/**
 * Read-only access to the model a {@link Localizer} scores (theta_o of a testbed): its value vectors, its
 * MLP activations on the testbed's items, and gradients of losses with respect to its value vectors. The
 * model never changes through this view, and nothing in it leads to the testbed's ground-truth region.
 */
public interface ModelView {

    /** Dimensions of the model. */
    ModelShape shape();

    /** A copy of layer {@code layer}'s value vectors, {@code valueVectorsPerLayer x dModel}, row-major. */
    float[] valueVectors(int layer);

    /** Runs the model on every item of {@code split} and hands each item's activations to the visitor. */
    void visitActivations(DataSplit split, ActivationVisitor visitor);

    /** Gradients of {@code loss} over the batches of {@code split}, with the items' true answers. */
    ValueVectorGradients gradients(DataSplit split, GradientLoss loss);

    /**
     * The same with every answer token replaced by a token drawn at random (from {@code seed}), as
     * perturbation-based localizers such as MemFlex need: the prompt stays, the labels become noise.
     */
    ValueVectorGradients randomLabelGradients(DataSplit split, long seed, GradientLoss loss);
}
