package dev.lacuna.spi;

/**
 * Manifest attributes a plugin JAR declares so the harness can show and verify it before any of its
 * code runs.
 *
 * <pre>{@code
 * Lacuna-Plugin-Name: random-localizer
 * Lacuna-Plugin-Version: 1.0.0
 * Lacuna-Plugin-Authors: Jane Doe <jane@example.org>
 * Lacuna-Plugin-Kind: localizer
 * }</pre>
 */
public final class PluginManifest {
    public static final String NAME = "Lacuna-Plugin-Name";
    public static final String VERSION = "Lacuna-Plugin-Version";
    public static final String AUTHORS = "Lacuna-Plugin-Authors";
    public static final String KIND = "Lacuna-Plugin-Kind";

    private PluginManifest() {
    }
}
