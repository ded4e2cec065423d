package dev.lacuna.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.SpiVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

    private static final String SERVICE = "META-INF/services/dev.lacuna.spi.Localizer";
    private static final String CONSTANT_LOCALIZER = """
            package example;
            public final class ConstantLocalizer implements dev.lacuna.spi.Localizer {
                public float[] score(dev.lacuna.spi.LocalizationContext context) {
                    return new float[context.shape().valueVectors()];
                }
            }
            """;

    @TempDir
    Path dir;

    private PluginJars jars;

    @BeforeEach
    void setUp() {
        jars = new PluginJars(dir);
    }

    @Test
    void aWellFormedLocalizerJarIsDescribedAndRuns() throws Exception {
        Path jar = jars.build("good", Map.of("example.ConstantLocalizer", CONSTANT_LOCALIZER), manifest(),
                Map.of(SERVICE, "# the plugin\nexample.ConstantLocalizer\n"));

        try (LoadedPlugin<Localizer> plugin = PluginLoader.load(jar, Localizer.class)) {
            PluginDescriptor descriptor = plugin.descriptor();
            assertThat(descriptor.name()).isEqualTo("constant");
            assertThat(descriptor.version()).isEqualTo("1.2.0");
            assertThat(descriptor.authors()).isEqualTo("A. Researcher");
            assertThat(descriptor.kind()).isEqualTo(PluginKind.LOCALIZER);
            assertThat(descriptor.implementationClass()).isEqualTo("example.ConstantLocalizer");
            assertThat(descriptor.sha256()).isEqualTo(sha256(jar));
            assertThat(descriptor.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.instance().getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
            assertThat(plugin.instance().score(context(2, 3))).hasSize(6);
        }
    }

    @Test
    void aMissingManifestAttributeIsNamed() throws Exception {
        Map<String, String> manifest = manifest();
        manifest.remove("Lacuna-Plugin-Version");
        Path jar = jars.build("noversion", Map.of("example.ConstantLocalizer", CONSTANT_LOCALIZER), manifest,
                Map.of(SERVICE, "example.ConstantLocalizer"));

        assertThatThrownBy(() -> PluginLoader.describe(jar))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("noversion.jar")
                .hasMessageContaining("Lacuna-Plugin-Version is missing");
    }

    @Test
    void anUnknownKindListsTheAcceptedOnes() throws Exception {
        Map<String, String> manifest = manifest();
        manifest.put("Lacuna-Plugin-Kind", "optimizer");
        Path jar = jars.build("badkind", Map.of(), manifest, Map.of());

        assertThatThrownBy(() -> PluginLoader.describe(jar)).hasMessageContaining("expected 'localizer' or 'objective'");
    }

    @Test
    void aServiceEntryNamingAnAbsentClassIsRefusedBeforeAnyCodeRuns() throws Exception {
        Path jar = jars.build("ghost", Map.of(), manifest(), Map.of(SERVICE, "example.Ghost"));

        assertThatThrownBy(() -> PluginLoader.describe(jar))
                .hasMessageContaining("class example.Ghost named in " + SERVICE + " is not in the JAR");
    }

    @Test
    void aMissingServiceEntryIsExplained() throws Exception {
        Path jar = jars.build("noservice", Map.of("example.ConstantLocalizer", CONSTANT_LOCALIZER), manifest(), Map.of());

        assertThatThrownBy(() -> PluginLoader.describe(jar)).hasMessageContaining("no " + SERVICE);
    }

    @Test
    void aClassThatDoesNotImplementTheInterfaceIsRefused() throws Exception {
        Path jar = jars.build("impostor", Map.of("example.Impostor", "package example; public class Impostor {}"),
                manifest(), Map.of(SERVICE, "example.Impostor"));

        assertThatThrownBy(() -> PluginLoader.load(jar, Localizer.class))
                .hasMessageContaining("does not implement dev.lacuna.spi.Localizer");
    }

    @Test
    void aThrowingConstructorFailsWithItsMessage() throws Exception {
        String source = """
                package example;
                public final class Exploding implements dev.lacuna.spi.Localizer {
                    public Exploding() { throw new IllegalStateException("boom at start"); }
                    public float[] score(dev.lacuna.spi.LocalizationContext context) { return new float[0]; }
                }
                """;
        Path jar = jars.build("exploding", Map.of("example.Exploding", source), manifest(),
                Map.of(SERVICE, "example.Exploding"));

        assertThatThrownBy(() -> PluginLoader.load(jar, Localizer.class))
                .hasMessageContaining("constructor of example.Exploding threw")
                .hasMessageContaining("boom at start");
    }

    @Test
    void aFileThatIsNotAJarIsRefused() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("plugin.jar"), "definitely not a zip archive");

        assertThatThrownBy(() -> PluginLoader.describe(notAJar)).hasMessageContaining("not a readable JAR file");
    }

    @Test
    void aMissingFileIsRefused() {
        assertThatThrownBy(() -> PluginLoader.describe(dir.resolve("absent.jar")))
                .hasMessageContaining("plugin JAR not found");
    }

    private static Map<String, String> manifest() {
        Map<String, String> manifest = new HashMap<>();
        manifest.put("Lacuna-Plugin-Name", "constant");
        manifest.put("Lacuna-Plugin-Version", "1.2.0");
        manifest.put("Lacuna-Plugin-Authors", "A. Researcher");
        manifest.put("Lacuna-Plugin-Kind", "localizer");
        manifest.put("Lacuna-SPI-Version", SpiVersion.CURRENT);
        return manifest;
    }

    private static LocalizationContext context(int layers, int perLayer) {
        return new FixedContext(new ModelShape(layers, 8, perLayer, 32), 1);
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

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
