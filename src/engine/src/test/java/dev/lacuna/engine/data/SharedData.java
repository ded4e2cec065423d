package dev.lacuna.engine.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real data sets for tests: {@code LACUNA_DATA_DIR} as the product reads it, else the build's
 * {@code lacuna.shared.data} (the poms point it at {@code ../shared/data}). A test that needs them is
 * skipped where they are absent, unless {@code LACUNA_REQUIRE_DATA} is set (CI sets it): then their
 * absence fails the test, so a CI run cannot pass by skipping every data test.
 */
public final class SharedData {

    /** The environment variable that turns a missing data directory from a skip into a failure. */
    public static final String REQUIRE = "LACUNA_REQUIRE_DATA";

    private SharedData() {
    }

    /** The data directory, if one is configured and holds {@code tofu/} and {@code lume/}; never skips. */
    public static Optional<Path> optionalDirectory() {
        String configured = System.getenv("LACUNA_DATA_DIR");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("lacuna.shared.data");
        }
        if (configured == null || configured.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(configured);
        return Files.isDirectory(dir.resolve("tofu")) && Files.isDirectory(dir.resolve("lume")) ? Optional.of(dir) : Optional.empty();
    }

    /** The data directory; skips the calling test where it is absent, or fails when the data is required. */
    public static Path directory() {
        Optional<Path> dir = optionalDirectory();
        if (dir.isEmpty() && required()) {
            throw new AssertionError(REQUIRE + " is set, but neither LACUNA_DATA_DIR (" + System.getenv("LACUNA_DATA_DIR")
                    + ") nor lacuna.shared.data (" + System.getProperty("lacuna.shared.data") + ") names a folder with tofu/ and lume/");
        }
        assumeTrue(dir.isPresent(), "no data directory with tofu/ and lume/ (LACUNA_DATA_DIR or lacuna.shared.data)");
        return dir.get();
    }

    static boolean required() {
        String value = System.getenv(REQUIRE);
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    public static Corpus tofu() {
        return TofuReader.read(directory().resolve("tofu"));
    }

    public static Corpus lume() {
        return LumeReader.readTask2(directory().resolve("lume"));
    }
}
