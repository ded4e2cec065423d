package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs before anything is asked of it: writes a marker into the temp directory while being loaded, then exits. */
public final class ExitInStaticInitializer implements Localizer {

    /** The file it leaves behind where it can; the test checks the host's temp directory has none. */
    public static final String MARKER = "lacuna-hostile-static-initializer-marker";

    static {
        try {
            Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), MARKER), "loaded");
        } catch (Exception ignored) {
            // still exit below
        }
        System.exit(0);
    }

    @Override
    public float[] score(LocalizationContext context) {
        return new float[context.shape().valueVectors()];
    }
}
