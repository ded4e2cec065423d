package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Starts a shell, as a first step to anything. */
public final class SpawnProcess implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        try {
            Process p = new ProcessBuilder("/usr/bin/env", "sh", "-c", "id").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            throw new IllegalStateException("spawned a shell: " + out.trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a process: " + e.getMessage(), e);
        }
    }
}
