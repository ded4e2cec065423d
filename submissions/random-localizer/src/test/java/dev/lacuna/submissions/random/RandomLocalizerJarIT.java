package dev.lacuna.submissions.random;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.plugin.LoadedPlugin;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.PluginKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Loads the packaged JAR exactly as the harness does. */
class RandomLocalizerJarIT {

    private static final Path JAR = Path.of(System.getProperty("plugin.jar"));

    @Test
    void thePackagedJarIsALocalizerPluginWithSeededScoresInTheUnitInterval() {
        try (LoadedPlugin<Localizer> plugin = PluginLoader.load(JAR, Localizer.class)) {
            assertThat(plugin.descriptor().kind()).isEqualTo(PluginKind.LOCALIZER);
            assertThat(plugin.descriptor().name()).isEqualTo("random-localizer");

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

    private static LocalizationContext context(int layers, int perLayer, long seed) {
        return new FixedContext(new ModelShape(layers, 16, perLayer, 64), seed);
    }

    /** A context with a shape and a seed only: all a model-free localizer reads. */
    private record FixedContext(ModelShape shape, long seed) implements LocalizationContext {

        @Override
        public double fraction() {
            return 0.1;
        }

        @Override
        public String option(String name, String defaultValue) {
            return defaultValue;
        }

        @Override
        public dev.lacuna.spi.ModelView model() {
            throw new UnsupportedOperationException("no model in this test");
        }
    }
}
