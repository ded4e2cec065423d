package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Looks for everything it should not see: {@code /etc/shadow}, the paths it is given (the testbed's
 * V_tgt and theta_r, the server's config), the environment, and what lies under {@code /job}. It reports
 * what it found by failing with it, which is the one channel the test can read.
 */
public final class Snoop implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        List<String> found = new ArrayList<>();
        List<String> paths = new ArrayList<>(List.of("/etc/shadow", "/etc/passwd", "/root"));
        for (String p : context.option("paths", "").split(",")) {
            if (!p.isBlank()) {
                paths.add(p);
            }
        }
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.exists(path)) {
                found.add(p + (Files.isReadable(path) ? " (readable)" : " (exists)"));
            }
        }
        TreeSet<String> job = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("/job"), 1)) {
            files.forEach(f -> job.add(f.toString()));
        } catch (Exception e) {
            job.add("unlistable: " + e);
        }
        throw new IllegalStateException("snoop found [" + String.join("; ", found) + "] env " + new TreeSet<>(System.getenv().keySet())
                + " job " + job);
    }
}
