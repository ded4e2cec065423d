package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;

/** Never returns, burning a core. */
public final class InfiniteLoop implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        long x = 0;
        while (x >= 0) {
            x = (x + 1) % 1_000_000_007L;
        }
        return new float[0];
    }
}
