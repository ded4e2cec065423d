package dev.lacuna.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.SpiVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each rule of {@link JarValidator} on a real JAR written here with {@code java.util.zip}; the class files are
 * this test's own bytes, so nothing is compiled and nothing from the JARs is ever loaded.
 */
class JarValidatorTest {

    private static final String LOCALIZER_SERVICES = "META-INF/services/dev.lacuna.spi.Localizer";
    private static final String OBJECTIVE_SERVICES = "META-INF/services/dev.lacuna.spi.UnlearningObjective";
    private static final String PLUGIN_CLASS = "example/ConstantLocalizer.class";

    private static byte[] classBytes;

    @TempDir
    Path dir;

    @BeforeAll
    static void readOwnClassFile() throws IOException {
        try (InputStream in = JarValidatorTest.class.getResourceAsStream("JarValidatorTest.class")) {
            classBytes = in.readAllBytes();
        }
    }

    @Test
    void aWellFormedJarPassesAndIsDescribed() throws Exception {
        Path jar = write("good", plugin());

        PluginDescriptor descriptor = JarValidator.validate(jar, JarLimits.defaults());

        assertThat(descriptor.jar()).isEqualTo(jar);
        assertThat(descriptor.name()).isEqualTo("constant");
        assertThat(descriptor.version()).isEqualTo("1.2.0");
        assertThat(descriptor.authors()).isEqualTo("A. Researcher");
        assertThat(descriptor.kind()).isEqualTo(PluginKind.LOCALIZER);
        assertThat(descriptor.implementationClass()).isEqualTo("example.ConstantLocalizer");
        assertThat(descriptor.sha256()).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar))));
    }

    @Test
    void aSmallHighlyCompressibleFileIsNotRefusedForItsRatio() throws Exception {
        Map<String, byte[]> entries = plugin();
        entries.put("blank.bin", new byte[(int) JarLimits.DEFAULT_RATIO_CHECKED_ABOVE]);
        Path jar = write("blank", entries);

        assertThat(JarValidator.validate(jar, JarLimits.defaults()).name()).isEqualTo("constant");
    }

    @Test
    void aMissingFileIsRefused() {
        JarRefusal refusal = refusal(dir.resolve("absent.jar"));

        assertRefused(refusal, "absent.jar", "not-found", null);
        assertThat(refusal).hasMessageContaining("plugin JAR not found");
    }

    @Test
    void anEmptyFileIsNotAJar() throws IOException {
        Path jar = Files.write(dir.resolve("empty.jar"), new byte[0]);

        assertRefused(refusal(jar), "empty.jar", "not-a-jar", null);
    }

    @Test
    void aTextFileIsNotAJar() throws IOException {
        Path jar = Files.writeString(dir.resolve("text.jar"), "definitely not a zip archive\n");

        JarRefusal refusal = refusal(jar);

        assertRefused(refusal, "text.jar", "not-a-jar", null);
        assertThat(refusal).hasMessageContaining("not a readable JAR file");
    }

    @Test
    void aJarOverTheSizeCapIsRefusedBeforeItIsOpened() throws IOException {
        Path jar = write("large", plugin());

        JarRefusal refusal = refusal(jar, JarLimits.defaults().withMaxJarBytes(Files.size(jar) - 1));

        assertRefused(refusal, "large.jar", "size", null);
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Path jar = write("crowded", plugin());

        JarRefusal refusal = refusal(jar, JarLimits.defaults().withMaxEntries(2));

        assertRefused(refusal, "crowded.jar", "entries", null);
        assertThat(refusal).hasMessageContaining("4 entries");
    }

    @Test
    void aZipBombIsRefusedAfterInflatingLittleOfIt() throws IOException {
        Path jar = dir.resolve("bomb.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            writeEntries(out, plugin());
            out.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertThat(Files.size(jar)).isLessThan(1 << 20);

        JarRefusal refusal = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refusal(jar));

        assertRefused(refusal, "bomb.jar", "compression-ratio", "zeros.bin");
    }

    @Test
    void anEntryOverThePerEntryCapIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put("data.bin", new byte[classBytes.length + 1]);
        Path jar = write("bigentry", entries);

        assertRefused(refusal(jar, JarLimits.defaults().withMaxEntryBytes(classBytes.length)), "bigentry.jar",
                "entry-size", "data.bin");
    }

    @Test
    void entriesOverTheTotalCapAreRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put("a.bin", new byte[classBytes.length]);
        entries.put("b.bin", new byte[classBytes.length]);
        Path jar = write("bigtotal", entries);

        assertRefused(refusal(jar, JarLimits.defaults().withMaxTotalBytes(2L * classBytes.length + 1024)),
                "bigtotal.jar", "total-size", "b.bin");
    }

    @Test
    void anEntryThatLeavesTheRootIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put("../../etc/x", bytes("x"));
        Path jar = write("evil", entries);

        JarRefusal refusal = refusal(jar);

        assertRefused(refusal, "evil.jar", "path", "../../etc/x");
        assertThat(refusal).hasMessageEndingWith("evil.jar: refused by rule 'path': entry '../../etc/x' leaves the JAR's root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "C:\\Windows\\x.dat", "c:/x.dat", "lib\\x.class"})
    void anAbsoluteOrBackslashedEntryIsRefused(String name) throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put(name, bytes("x"));
        Path jar = write("absolute", entries);

        assertRefused(refusal(jar), "absolute.jar", "path", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lib/libtorch.so", "lib/libc.so.6", "native/X.DLL", "m/a.dylib", "m/b.jnilib"})
    void aNativeLibraryIsRefused(String name) throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put(name, bytes("\u007fELF"));
        Path jar = write("native", entries);

        assertRefused(refusal(jar), "native.jar", "native-library", name);
    }

    @Test
    void aNestedJarIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put("lib/dependency.jar", bytes("PK"));
        Path jar = write("nested", entries);

        assertRefused(refusal(jar), "nested.jar", "nested-jar", "lib/dependency.jar");
    }

    @Test
    void aDuplicateEntryIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put("data.txx", bytes("one"));
        entries.put("data.txt", bytes("two"));
        Path jar = write("duplicate", entries);
        // ZipOutputStream refuses to write a name twice: rename the first in its local and central headers
        byte[] zip = Files.readAllBytes(jar);
        byte[] from = bytes("data.txx");
        for (int i = 0; i + from.length <= zip.length; i++) {
            if (Arrays.equals(zip, i, i + from.length, from, 0, from.length)) {
                zip[i + from.length - 1] = 't';
            }
        }
        Files.write(jar, zip);

        assertRefused(refusal(jar), "duplicate.jar", "duplicate-entry", "data.txt");
    }

    @Test
    void aJava21ClassFileIsRefusedWithItsVersion() throws IOException {
        byte[] java21 = classBytes.clone();
        java21[6] = 0;
        java21[7] = 65;
        Map<String, byte[]> entries = plugin();
        entries.put("example/Helper.class", java21);
        Path jar = write("java21", entries);

        JarRefusal refusal = refusal(jar);

        assertRefused(refusal, "java21.jar", "class-version", "example/Helper.class");
        assertThat(refusal).hasMessageContaining("version 65 (Java 21)");
    }

    @Test
    void aClassEntryThatIsNotAClassFileIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put("example/Fake.class", bytes("not a class file"));
        Path jar = write("fake", entries);

        assertRefused(refusal(jar), "fake.jar", "class-file", "example/Fake.class");
    }

    @Test
    void aManifestWithoutAnAttributeIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        Map<String, String> attributes = attributes();
        attributes.remove("Lacuna-Plugin-Authors");
        entries.put("META-INF/MANIFEST.MF", manifest(attributes));
        Path jar = write("noauthors", entries);

        JarRefusal refusal = refusal(jar);

        assertRefused(refusal, "noauthors.jar", "manifest", "META-INF/MANIFEST.MF");
        assertThat(refusal).hasMessageContaining("Lacuna-Plugin-Authors is missing");
    }

    @Test
    void aJarBuiltForTheCurrentSpiVersionIsAcceptedAndRecordsIt() throws IOException {
        PluginDescriptor descriptor = JarValidator.validate(write("current", plugin()), JarLimits.defaults());

        assertThat(descriptor.spiVersion()).isEqualTo(SpiVersion.CURRENT);
    }

    @Test
    void aJarBuiltForAnEarlierMinorVersionOfTheSameMajorIsAccepted() throws IOException {
        SpiVersion current = SpiVersion.current();
        Map<String, byte[]> entries = plugin();
        Map<String, String> attributes = attributes();
        attributes.put("Lacuna-SPI-Version", current.major() + ".0");
        entries.put("META-INF/MANIFEST.MF", manifest(attributes));

        PluginDescriptor descriptor = JarValidator.validate(write("earlier", entries), JarLimits.defaults());

        assertThat(descriptor.spiVersion()).isEqualTo(current.major() + ".0");
    }

    @Test
    void aJarWithoutTheSpiVersionIsRefusedSayingHowToAddIt() throws IOException {
        Map<String, byte[]> entries = plugin();
        Map<String, String> attributes = attributes();
        attributes.remove("Lacuna-SPI-Version");
        entries.put("META-INF/MANIFEST.MF", manifest(attributes));
        Path jar = write("nospi", entries);

        JarRefusal refusal = refusal(jar);

        assertRefused(refusal, "nospi.jar", "spi-version", "META-INF/MANIFEST.MF");
        assertThat(refusal).hasMessageContaining("Lacuna-SPI-Version is missing from META-INF/MANIFEST.MF")
                .hasMessageContaining("this harness implements SPI " + SpiVersion.CURRENT)
                .hasMessageContaining("<Lacuna-SPI-Version>" + SpiVersion.CURRENT + "</Lacuna-SPI-Version>")
                .hasMessageContaining("manifestEntries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"next-major", "previous-major", "next-minor"})
    void aJarBuiltForAnSpiVersionThisHarnessCannotRunIsRefusedNamingBothVersions(String which) throws IOException {
        SpiVersion current = SpiVersion.current();
        String declared = switch (which) {
            case "next-major" -> (current.major() + 1) + ".0";
            case "previous-major" -> (current.major() - 1) + ".9";
            default -> current.major() + "." + (current.minor() + 1);
        };
        Map<String, byte[]> entries = plugin();
        Map<String, String> attributes = attributes();
        attributes.put("Lacuna-SPI-Version", declared);
        entries.put("META-INF/MANIFEST.MF", manifest(attributes));
        Path jar = write(which, entries);

        JarRefusal refusal = refusal(jar);

        assertRefused(refusal, which + ".jar", "spi-version", "META-INF/MANIFEST.MF");
        assertThat(refusal).hasMessageContaining("built for SPI " + declared)
                .hasMessageContaining("this harness implements SPI " + current)
                .hasMessageContaining("the same major version, a minor version no later");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0.0", "one", " "})
    void anSpiVersionThatIsNotMajorDotMinorIsRefused(String declared) throws IOException {
        Map<String, byte[]> entries = plugin();
        Map<String, String> attributes = attributes();
        attributes.put("Lacuna-SPI-Version", declared);
        entries.put("META-INF/MANIFEST.MF", manifest(attributes));
        Path jar = write("malformed", entries);

        JarRefusal refusal = refusal(jar);

        assertRefused(refusal, "malformed.jar", "spi-version", "META-INF/MANIFEST.MF");
        assertThat(refusal).hasMessageContaining(declared.isBlank() ? "is blank" : "expected MAJOR.MINOR")
                .hasMessageContaining("SPI " + SpiVersion.CURRENT);
    }

    @Test
    void aJarWithoutAServicesFileIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.remove(LOCALIZER_SERVICES);
        Path jar = write("noservices", entries);

        assertRefused(refusal(jar), "noservices.jar", "services", LOCALIZER_SERVICES);
    }

    @Test
    void aServicesFileNamingAMissingClassIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put(LOCALIZER_SERVICES, bytes("example.Ghost\n"));
        Path jar = write("ghost", entries);

        JarRefusal refusal = refusal(jar);

        assertRefused(refusal, "ghost.jar", "services-class", LOCALIZER_SERVICES);
        assertThat(refusal).hasMessageContaining("example.Ghost");
    }

    @Test
    void aServicesFileNamingTwoClassesIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put(LOCALIZER_SERVICES, bytes("example.ConstantLocalizer\nexample.Other\n"));
        Path jar = write("twoclasses", entries);

        assertRefused(refusal(jar), "twoclasses.jar", "services", LOCALIZER_SERVICES);
    }

    @Test
    void servicesFilesOfBothKindsAreRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put(OBJECTIVE_SERVICES, bytes("example.ConstantLocalizer\n"));
        Path jar = write("bothkinds", entries);

        assertRefused(refusal(jar), "bothkinds.jar", "services", OBJECTIVE_SERVICES);
    }

    @Test
    void aServicesFileOfTheOtherKindIsRefused() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put(OBJECTIVE_SERVICES, entries.remove(LOCALIZER_SERVICES));
        Path jar = write("otherkind", entries);

        JarRefusal refusal = refusal(jar);

        assertRefused(refusal, "otherkind.jar", "services", OBJECTIVE_SERVICES);
        assertThat(refusal).hasMessageContaining("declares a localizer plugin");
    }

    @Test
    void describeValidatesFirst() throws IOException {
        Map<String, byte[]> entries = plugin();
        entries.put("lib/libevil.so", bytes("x"));
        Path jar = write("describe", entries);

        assertRefused(catchThrowableOfType(JarRefusal.class, () -> PluginLoader.describe(jar)),
                "describe.jar", "native-library", "lib/libevil.so");
    }

    /** The entries of a well-formed localizer JAR, in the order they are written; tests break one of them. */
    private static Map<String, byte[]> plugin() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", manifest(attributes()));
        entries.put("example/", new byte[0]);
        entries.put(PLUGIN_CLASS, classBytes);
        entries.put(LOCALIZER_SERVICES, bytes("# the plugin\nexample.ConstantLocalizer\n"));
        return entries;
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

    private static byte[] manifest(Map<String, String> attributes) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach(manifest.getMainAttributes()::putValue);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            manifest.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String name, Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve(name + ".jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            writeEntries(out, entries);
        }
        return jar;
    }

    private static void writeEntries(ZipOutputStream out, Map<String, byte[]> entries) throws IOException {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            out.putNextEntry(new ZipEntry(entry.getKey()));
            out.write(entry.getValue());
            out.closeEntry();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JarRefusal refusal(Path jar) {
        return refusal(jar, JarLimits.defaults());
    }

    private static JarRefusal refusal(Path jar, JarLimits limits) {
        JarRefusal refusal = catchThrowableOfType(JarRefusal.class, () -> JarValidator.validate(jar, limits));
        assertThat(refusal).as("a refusal of " + jar.getFileName()).isNotNull();
        return refusal;
    }

    private static void assertRefused(JarRefusal refusal, String jarName, String rule, String entry) {
        assertThat(refusal).isNotNull();
        assertThat(refusal.rule()).as("rule of: " + refusal.getMessage()).isEqualTo(rule);
        assertThat(refusal.entry()).as("entry of: " + refusal.getMessage()).isEqualTo(entry);
        assertThat(refusal).hasMessageContaining(jarName).hasMessageContaining("refused by rule '" + rule + "'");
        if (entry != null) {
            assertThat(refusal).hasMessageContaining(entry);
        }
    }
}
