package dev.lacuna.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.SpiVersion;
import dev.lacuna.spi.UnlearningObjective;
import example.ConstantLocalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginJarTest {

    private static final String SERVICES = "META-INF/services/dev.lacuna.spi.Localizer";

    @TempDir
    Path dir;

    @Test
    void aWellFormedJarIsDescribedAndItsPluginLoadsFromTheJarAlone() throws IOException {
        Path jar = write("good", attributes(), Map.of(SERVICES, "example.ConstantLocalizer\n"));

        PluginJar checked = PluginJar.check(jar);

        assertEquals("constant", checked.name());
        assertEquals("1.2.0", checked.version());
        assertEquals("A. Researcher", checked.authors());
        assertEquals(PluginKind.LOCALIZER, checked.kind());
        assertEquals(SpiVersion.CURRENT, checked.spiVersion());
        assertEquals("example.ConstantLocalizer", checked.implementationClass());
        try (PluginJar.Loaded<Localizer> plugin = checked.load(Localizer.class)) {
            assertNotSame(ConstantLocalizer.class, plugin.instance().getClass(), "loaded from the JAR, not the test's class path");
            assertEquals(6, PluginChecks.scores(plugin.instance(), FakeLocalizationContext.of(new ModelShape(2, 2, 3, 5), 1)).length);
        }
        AssertionError wrongType = assertThrows(AssertionError.class, () -> checked.load(UnlearningObjective.class));
        assertTrue(wrongType.getMessage().contains("does not implement dev.lacuna.spi.UnlearningObjective"));
    }

    @Test
    void everyProblemIsListedAndTheSpiVersionMustBeTheOneCompiledAgainst() throws IOException {
        Map<String, String> attributes = attributes();
        attributes.remove("Lacuna-Plugin-Authors");
        attributes.put("Lacuna-SPI-Version", SpiVersion.current().major() + "." + (SpiVersion.current().minor() + 1));
        Path jar = write("bad", attributes, Map.of(SERVICES, "example.Ghost\n",
                "META-INF/services/dev.lacuna.spi.UnlearningObjective", "example.ConstantLocalizer\n"));

        String message = assertThrows(AssertionError.class, () -> PluginJar.check(jar)).getMessage();

        assertTrue(message.contains("Lacuna-Plugin-Authors is missing"), message);
        assertTrue(message.contains("compiles against SPI " + SpiVersion.CURRENT), message);
        assertTrue(message.contains("the services file of an objective, but the manifest declares a localizer"), message);
        assertTrue(message.contains("example.Ghost named in " + SERVICES + " is not in the JAR"), message);
    }

    @Test
    void aJarWithoutTheSpiVersionIsRefusedSayingHowToFixIt() throws IOException {
        Map<String, String> attributes = attributes();
        attributes.remove("Lacuna-SPI-Version");
        Path jar = write("nospi", attributes, Map.of(SERVICES, "example.ConstantLocalizer\n"));

        String message = assertThrows(AssertionError.class, () -> PluginJar.check(jar)).getMessage();

        assertTrue(message.contains("Lacuna-SPI-Version is missing"), message);
        assertTrue(message.contains("<Lacuna-SPI-Version>" + SpiVersion.CURRENT + "</Lacuna-SPI-Version>"), message);
    }

    @Test
    void withoutThePropertyTheFailureSaysHowToSetItUp() {
        String previous = System.clearProperty(PluginJar.PROPERTY);
        try {
            String message = assertThrows(AssertionError.class, PluginJar::checkPackaged).getMessage();
            assertTrue(message.contains("maven-failsafe-plugin"), message);
        } finally {
            if (previous != null) {
                System.setProperty(PluginJar.PROPERTY, previous);
            }
        }
    }

    private static Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Lacuna-Plugin-Name", "constant");
        attributes.put("Lacuna-Plugin-Version", "1.2.0");
        attributes.put("Lacuna-Plugin-Authors", "A. Researcher");
        attributes.put("Lacuna-Plugin-Kind", "localizer");
        attributes.put("Lacuna-SPI-Version", SpiVersion.CURRENT);
        return attributes;
    }

    private Path write(String name, Map<String, String> attributes, Map<String, String> files) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach(manifest.getMainAttributes()::putValue);
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("example/ConstantLocalizer.class"));
            try (InputStream in = ConstantLocalizer.class.getResourceAsStream("ConstantLocalizer.class")) {
                in.transferTo(out);
            }
            out.closeEntry();
            for (Map.Entry<String, String> entry : files.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
