package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;

/** Starts threads that never end until it cannot start another. */
public final class ThreadBomb implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        while (true) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException ignored) {
                    // never
                }
            });
            t.setDaemon(true);
            t.start();
        }
    }
}
