package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Everything an {@link UnlearningObjective} may read at one optimisation step.
 *
 * <p>Build every constant of a loss with {@link #constant(double)} or {@link #constants(float[])}
 * (see {@link Constants} for why).
 */
@API(status = STABLE, since = "1.0")
public interface ObjectiveInputs extends Constants {

    /** Dimensions of the model being unlearned. */
    ModelShape shape();

    /** A seed for any randomness the objective uses; fixed for a whole run. */
    long seed();

    /** Index of the current optimisation step, from 0. */
    int step();

    /** Outputs on the current batch of forget items. */
    AnswerOutputs forget();

    /** Outputs on a batch of retain items; available when the objective asked for a retain batch. */
    AnswerOutputs retain();

    /**
     * Outputs on the same forget prompts with preferred answers instead of the true ones, item by item;
     * available when the objective asked for preferred answers.
     */
    AnswerOutputs preferred();

    /** A user-supplied option ({@code --option name=value} on the command line), or the default. */
    String option(String name, String defaultValue);
}
