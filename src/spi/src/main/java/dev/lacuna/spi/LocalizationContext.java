package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What the harness shows a {@link Localizer}: the model to score (theta_o), the fraction the harness will
 * keep, a seed and the user's options. Nothing here, and nothing in the process the plugin runs in, leads
 * to the testbed's ground-truth region: the harness compares the scores with it afterwards, on its side.
 */
@API(status = STABLE, since = "1.0")
public interface LocalizationContext {

    /** Dimensions of the model; the scores array has {@code shape().valueVectors()} entries. */
    ModelShape shape();

    /** A seed the plugin should use for any randomness, so runs are reproducible. */
    long seed();

    /** The share p of value vectors the harness keeps from the top of the scores (0.10 by default). */
    double fraction();

    /** A user-supplied option ({@code --option name=value} on the command line), or the default. */
    String option(String name, String defaultValue);

    /** The model to score. */
    ModelView model();
}
