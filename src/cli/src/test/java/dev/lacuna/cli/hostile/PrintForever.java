package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;

/** Prints without end, to flood the harness's memory or disk with its output. */
public final class PrintForever implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        String line = "spam ".repeat(40);
        while (true) {
            System.out.println(line);
        }
    }
}
