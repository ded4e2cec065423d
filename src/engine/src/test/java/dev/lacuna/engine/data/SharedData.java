package dev.lacuna.engine.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real data sets as configured for the build (system property {@code lacuna.shared.data}). */
public final class SharedData {

    private SharedData() {
    }

    /** The data directory; skips the calling test when it is not configured or absent. */
    public static Path directory() {
        String configured = System.getProperty("lacuna.shared.data");
        assumeTrue(configured != null, "lacuna.shared.data is not set");
        Path dir = Path.of(configured);
        assumeTrue(Files.isDirectory(dir.resolve("tofu")) && Files.isDirectory(dir.resolve("lume")),
                "data directory " + dir + " holds tofu/ and lume/");
        return dir;
    }

    public static Corpus tofu() {
        return TofuReader.read(directory().resolve("tofu"));
    }

    public static Corpus lume() {
        return LumeReader.readTask2(directory().resolve("lume"));
    }
}
