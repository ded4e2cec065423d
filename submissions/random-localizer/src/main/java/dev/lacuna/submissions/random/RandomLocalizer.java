package dev.lacuna.submissions.random;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import java.util.SplittableRandom;

/** The chance baseline every localizer must beat: uniform scores from the harness's seed. */
public final class RandomLocalizer implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        SplittableRandom random = new SplittableRandom(context.seed());
        float[] scores = new float[context.shape().valueVectors()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) random.nextDouble();
        }
        return scores;
    }
}
