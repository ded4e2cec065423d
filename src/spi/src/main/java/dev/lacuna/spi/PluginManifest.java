package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Manifest attributes a plugin JAR declares so the harness can show and verify it before any of its
 * code runs.
 *
 * <pre>{@code
 * Lacuna-Plugin-Name: random-localizer
 * Lacuna-Plugin-Version: 1.0.0
 * Lacuna-Plugin-Authors: Jane Doe <jane@example.org>
 * Lacuna-Plugin-Kind: localizer
 * Lacuna-SPI-Version: 1.0
 * }</pre>
 *
 * <p>The harness refuses a JAR that lacks one of them, whose kind is unknown, or whose SPI version it cannot run
 * ({@link SpiVersion}).
 */
@API(status = STABLE, since = "1.0")
public final class PluginManifest {
    public static final String NAME = "Lacuna-Plugin-Name";
    public static final String VERSION = "Lacuna-Plugin-Version";
    public static final String AUTHORS = "Lacuna-Plugin-Authors";
    public static final String KIND = "Lacuna-Plugin-Kind";
    /** The {@link SpiVersion} the plugin was compiled against, {@code MAJOR.MINOR}. */
    public static final String SPI_VERSION = "Lacuna-SPI-Version";

    private PluginManifest() {
    }
}
