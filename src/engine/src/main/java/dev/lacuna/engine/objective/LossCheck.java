package dev.lacuna.engine.objective;

import ai.djl.ndarray.NDArray;

/** The harness's checks on what an objective returns, applied before any gradient is taken. */
public final class LossCheck {

    private LossCheck() {
    }

    /** Returns the loss as a number, or fails naming the plugin and step if it is not a finite scalar. */
    public static double requireFiniteScalar(NDArray loss, String plugin, int step) {
        if (loss == null) {
            throw new ObjectiveFailure(plugin + " returned no loss at step " + step);
        }
        if (loss.size() != 1) {
            throw new ObjectiveFailure(plugin + " returned a loss of shape " + loss.getShape() + " at step " + step
                    + "; a loss must be a scalar");
        }
        double value = loss.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        if (!Double.isFinite(value)) {
            throw new ObjectiveFailure(plugin + " returned a non-finite loss (" + value + ") at step " + step);
        }
        return value;
    }
}
