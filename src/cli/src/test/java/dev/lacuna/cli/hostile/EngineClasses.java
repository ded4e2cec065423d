package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;

/** Reaches for the harness's own classes (testbed files, regions) through its class loader. */
public final class EngineClasses implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        try {
            Class<?> testbed = Class.forName("dev.lacuna.engine.testbed.Testbed", true, EngineClasses.class.getClassLoader());
            throw new IllegalStateException("loaded " + testbed.getName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("engine class not visible: " + e.getMessage(), e);
        }
    }
}
