package dev.lacuna.submissions.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.plugin.LoadedPlugin;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;
import dev.lacuna.spi.PluginKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Loads the packaged JAR exactly as the harness does. */
class OracleLocalizerJarIT {

    private static final Path JAR = Path.of(System.getProperty("plugin.jar"));

    @Test
    void thePackagedJarIsALocalizerPluginThatScoresTheGrantedGroundTruth() {
        try (LoadedPlugin<Localizer> plugin = PluginLoader.load(JAR, Localizer.class)) {
            assertThat(plugin.descriptor().kind()).isEqualTo(PluginKind.LOCALIZER);
            assertThat(plugin.descriptor().name()).isEqualTo("oracle-localizer");

            float[] scores = plugin.instance().score(new GrantedContext(new boolean[] {true, false, false, true}));

            assertThat(scores).containsExactly(1f, 0f, 0f, 1f);
        }
    }

    private record GrantedContext(boolean[] groundTruth) implements LocalizationContext {

        @Override
        public ModelShape shape() {
            return new ModelShape(2, 16, 2, 64);
        }

        @Override
        public long seed() {
            return 7;
        }

        @Override
        public double fraction() {
            return 0.5;
        }

        @Override
        public String option(String name, String defaultValue) {
            return defaultValue;
        }

        @Override
        public ModelView model() {
            throw new UnsupportedOperationException("the Oracle needs no model");
        }
    }
}
