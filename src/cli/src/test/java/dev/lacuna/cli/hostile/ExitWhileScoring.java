package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;

/** Ends the process that runs it, hoping to take the harness with it. */
public final class ExitWhileScoring implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        System.exit(0);
        return new float[0];
    }
}
