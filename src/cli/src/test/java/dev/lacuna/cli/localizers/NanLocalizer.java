package dev.lacuna.cli.localizers;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;

/** Returns a NaN score for the last value vector of the first layer. */
public final class NanLocalizer implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        float[] scores = new float[context.shape().valueVectors()];
        scores[context.shape().valueVectorsPerLayer() - 1] = Float.NaN;
        return scores;
    }
}
