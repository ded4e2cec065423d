package dev.lacuna.spi.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.UnlearningObjective;
import org.apiguardian.api.API;

/**
 * Runs a plugin once and checks what it returns the way the harness does before it uses the result: a localizer
 * returns one finite score per value vector, an objective a finite scalar loss. A failure is an
 * {@link AssertionError} with the harness's reason, so it reads as a failed test.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class PluginChecks {

    private PluginChecks() {
    }

    /** The localizer's scores on this context, after checking their number and that each is finite. */
    public static float[] scores(Localizer localizer, LocalizationContext context) {
        float[] scores = localizer.score(context);
        if (scores == null) {
            throw new AssertionError(name(localizer) + " returned no scores (null)");
        }
        int expected = context.shape().valueVectors();
        if (scores.length != expected) {
            throw new AssertionError(name(localizer) + " returned " + scores.length + " scores; the model has " + expected
                    + " value vectors (layers x valueVectorsPerLayer), and the harness refuses any other number");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) {
                int perLayer = context.shape().valueVectorsPerLayer();
                throw new AssertionError(name(localizer) + " returned a non-finite score (" + scores[i] + ") for value vector "
                        + i + " (layer " + i / perLayer + ", index " + i % perLayer + ")");
            }
        }
        return scores;
    }

    /** The objective's loss on these inputs as a number, after checking that it is a finite scalar. */
    public static double loss(UnlearningObjective objective, ObjectiveInputs inputs) {
        return finiteScalar(objective.loss(inputs), name(objective) + "'s loss");
    }

    /** The array as a number, after checking that it is one finite value; {@code what} names it in the failure. */
    public static double finiteScalar(NDArray value, String what) {
        if (value == null) {
            throw new AssertionError(what + " is null");
        }
        if (value.size() != 1) {
            throw new AssertionError(what + " has shape " + value.getShape() + "; a loss must be a scalar (reduce it with "
                    + "mean() or sum())");
        }
        double number = value.toType(DataType.FLOAT64, false).getDouble();
        if (!Double.isFinite(number)) {
            throw new AssertionError(what + " is not finite (" + number + ")");
        }
        return number;
    }

    private static String name(Object plugin) {
        return plugin.getClass().getSimpleName();
    }
}
