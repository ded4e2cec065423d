package example;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;

/** A plugin class for PluginJarTest's JARs: scores every value vector 1. */
public final class ConstantLocalizer implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        float[] scores = new float[context.shape().valueVectors()];
        java.util.Arrays.fill(scores, 1f);
        return scores;
    }
}
