package dev.lacuna.spi;

/** What the harness shows a {@link Localizer} about the model it must score. */
public interface LocalizationContext {

    /** Dimensions of the model; the scores array has {@code shape().valueVectors()} entries. */
    ModelShape shape();

    /** A seed the plugin should use for any randomness, so runs are reproducible. */
    long seed();
}
