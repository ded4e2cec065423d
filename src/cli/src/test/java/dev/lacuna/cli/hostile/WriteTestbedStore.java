package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends a line to the build log of the testbed folder it is given, which would break the testbed's hash. */
public final class WriteTestbedStore implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        Path log = Path.of(context.option("testbed", "/nonexistent"), "build.log");
        try {
            Files.writeString(log, "tampered\n", StandardOpenOption.APPEND);
            throw new IllegalStateException("wrote into " + log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log + ": " + e, e);
        }
    }
}
