package dev.lacuna.submissions.wagle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.plugin.LoadedPlugin;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.SpiVersion;
import dev.lacuna.spi.testkit.PluginJar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Loads the packaged JAR exactly as the harness does. */
class WagleLocalizerJarIT {

    private static final Path JAR = Path.of(System.getProperty("plugin.jar"));

    @Test
    void thePackagedJarPassesTheTestKitsChecks() {
        assertThat(PluginJar.checkPackaged().kind()).isEqualTo(PluginKind.LOCALIZER);
    }

    @Test
    void thePackagedJarIsALocalizerPluginServingTheWagleLocalizer() {
        try (LoadedPlugin<Localizer> plugin = PluginLoader.load(JAR, Localizer.class)) {
            assertThat(plugin.descriptor().kind()).isEqualTo(PluginKind.LOCALIZER);
            assertThat(plugin.descriptor().spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.descriptor().name()).isEqualTo("wagle-localizer");
            assertThat(plugin.instance().getClass().getName()).isEqualTo("dev.lacuna.submissions.wagle.WagleLocalizer");
        }
    }
}
