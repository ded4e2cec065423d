package dev.lacuna.submissions.random;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.plugin.LoadedPlugin;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.SpiVersion;
import dev.lacuna.spi.testkit.FakeLocalizationContext;
import dev.lacuna.spi.testkit.PluginChecks;
import dev.lacuna.spi.testkit.PluginJar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Checks the packaged JAR as a plugin author would (the test kit), then loads it exactly as the harness does. */
class RandomLocalizerJarIT {

    private static final Path JAR = Path.of(System.getProperty("plugin.jar"));

    @Test
    void thePackagedJarHasWhatTheHarnessNeeds() {
        PluginJar jar = PluginJar.checkPackaged();

        assertThat(jar.kind()).isEqualTo(PluginKind.LOCALIZER);
        assertThat(jar.name()).isEqualTo("random-localizer");
        assertThat(jar.spiVersion()).isEqualTo(SpiVersion.CURRENT);
        try (PluginJar.Loaded<Localizer> plugin = jar.load(Localizer.class)) {
            assertThat(PluginChecks.scores(plugin.instance(), context(2, 8, 7))).hasSize(16);
        }
    }

    @Test
    void thePackagedJarIsALocalizerPluginWithSeededScoresInTheUnitInterval() {
        try (LoadedPlugin<Localizer> plugin = PluginLoader.load(JAR, Localizer.class)) {
            assertThat(plugin.descriptor().kind()).isEqualTo(PluginKind.LOCALIZER);
            assertThat(plugin.descriptor().name()).isEqualTo("random-localizer");
            assertThat(plugin.descriptor().spiVersion()).isEqualTo(SpiVersion.CURRENT);

            float[] first = plugin.instance().score(context(4, 512, 7));
            float[] again = plugin.instance().score(context(4, 512, 7));
            float[] otherSeed = plugin.instance().score(context(4, 512, 19));

            assertThat(first).hasSize(4 * 512).containsExactly(again);
            assertThat(first).isNotEqualTo(otherSeed);
            for (float score : first) {
                assertThat(score).isBetween(0f, 1f);
            }
        }
    }

    /** A context with a shape and a seed only: all a model-free localizer reads. */
    private static LocalizationContext context(int layers, int perLayer, long seed) {
        return FakeLocalizationContext.of(new ModelShape(layers, 16, perLayer, 64), seed);
    }
}
