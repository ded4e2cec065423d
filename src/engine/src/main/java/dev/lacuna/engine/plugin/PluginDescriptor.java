package dev.lacuna.engine.plugin;

import dev.lacuna.spi.PluginKind;
import java.nio.file.Path;

/**
 * What a plugin JAR declares about itself, plus its content hash, which results record so that a score
 * always names the exact bytes that produced it.
 *
 * @param spiVersion the {@code Lacuna-SPI-Version} the plugin was compiled against, one this harness runs
 */
public record PluginDescriptor(
        Path jar,
        String name,
        String version,
        String authors,
        PluginKind kind,
        String implementationClass,
        String sha256,
        String spiVersion) {
}
