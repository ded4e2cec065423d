package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * Read-only access to the model a {@link Localizer} scores (theta_o of a testbed): its value vectors, its
 * MLP activations on the testbed's items, and gradients of losses with respect to its value vectors. The
 * model never changes through this view, and nothing in it leads to the testbed's ground-truth region.
 *
 * <p>Labelled {@code MAINTAINED} rather than {@code STABLE}: localizers from the literature need more than
 * activations and value-vector gradients (hidden states, interventions), which a minor version adds as new
 * methods, and the next major version may replace {@link #randomLabelGradients} with a more general way of
 * choosing labels. In tests, use the fake of {@code lacuna-spi-testkit}, which follows every change.
 */
@API(status = MAINTAINED, since = "1.0")
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
