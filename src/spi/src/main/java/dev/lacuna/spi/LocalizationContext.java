package dev.lacuna.spi;

/** What the harness shows a {@link Localizer} about the model it must score. */
public interface LocalizationContext {

    /** Number of transformer layers. */
    int layers();

    /** Number of MLP value vectors per layer (the MLP's hidden width). */
    int valueVectorsPerLayer();

    /** A seed the plugin should use for any randomness, so runs are reproducible. */
    long seed();
}
