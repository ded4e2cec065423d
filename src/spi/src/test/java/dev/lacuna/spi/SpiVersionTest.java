package dev.lacuna.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void theParentPomsPropertyThatPluginBuildsWriteIsTheConstant() {
        // surefire passes ${lacuna.spi.version}; the built-in plugins' manifests are written from it
        assertEquals(SpiVersion.CURRENT, System.getProperty("lacuna.spi.version"),
                "lacuna.spi.version in the parent POM must equal SpiVersion.CURRENT");
    }

    @Test
    void aHarnessRunsPluginsOfItsMajorVersionUpToItsMinorVersion() {
        SpiVersion harness = SpiVersion.parse("1.3");

        assertTrue(harness.runs(SpiVersion.parse("1.0")));
        assertTrue(harness.runs(SpiVersion.parse("1.3")));
        assertFalse(harness.runs(SpiVersion.parse("1.4")), "a later minor may call what this harness lacks");
        assertFalse(harness.runs(SpiVersion.parse("2.0")));
        assertFalse(harness.runs(SpiVersion.parse("0.3")));
        assertEquals("1.0 to 1.3", harness.runnableRange());
        assertEquals("1.0", SpiVersion.parse("1.0").runnableRange());
    }

    @Test
    void onlyMajorDotMinorIsAVersion() {
        assertEquals(new SpiVersion(1, 0), SpiVersion.parse(" 1.0 "));
        assertEquals(new SpiVersion(12, 34), SpiVersion.parse("12.34"));
        for (String bad : new String[] {"", "1", "1.0.0", "v1.0", "1.x", "01.0", "-1.0", "1.-1", "99999999999.0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiVersion.parse(bad), bad);
            assertTrue(e.getMessage().contains("expected MAJOR.MINOR"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SpiVersion.parse(null));
        assertEquals(SpiVersion.CURRENT, SpiVersion.current().toString());
    }

    @Test
    void everyPublicTypeIsLabelledWithItsStabilityAndTheVersionItCameIn() throws IOException, URISyntaxException {
        Path classes = Path.of(SpiVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> unlabelled = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name);
                if (!Modifier.isPublic(type.getModifiers()) || type.getEnclosingClass() != null) {
                    continue;
                }
                API api = type.getAnnotation(API.class);
                if (api == null || !api.since().matches("[0-9]+\\.[0-9]+")) {
                    unlabelled.add(name);
                }
            }
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        assertTrue(unlabelled.isEmpty(), "public SPI types without @API(status, since): " + unlabelled);
    }
}
