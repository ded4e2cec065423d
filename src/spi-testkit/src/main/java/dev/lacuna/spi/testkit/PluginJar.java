package dev.lacuna.spi.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.PluginManifest;
import dev.lacuna.spi.SpiVersion;
import dev.lacuna.spi.UnlearningObjective;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.apiguardian.api.API;

/**
 * Checks a packaged plugin JAR for what the harness needs before it runs anything in it: the manifest attributes
 * ({@code Lacuna-Plugin-Name}, {@code -Version}, {@code -Authors}, {@code -Kind} and {@code Lacuna-SPI-Version},
 * which must be the SPI version this test compiles against), exactly one services file, of the manifest's kind,
 * naming a class that is in the JAR, class files the harness's Java 17 can load, and a public no-argument
 * constructor of a class that implements the plugin interface. Every problem found is listed in one
 * {@link AssertionError}.
 *
 * <p>Run it where the JAR exists: in an integration test after {@code package} (Maven Failsafe, a class named
 * {@code *IT}, with the JAR's path in the system property {@code plugin.jar}, as projects made by
 * {@code ./lacuna new} are set up). {@code ./lacuna validate PATH.jar} runs the harness's complete rule set
 * (sizes, paths, native code...), which these checks do not repeat.
 *
 * <pre>{@code
 * PluginJar jar = PluginJar.checkPackaged();
 * assertEquals(PluginKind.OBJECTIVE, jar.kind());
 * try (PluginJar.Loaded<UnlearningObjective> plugin = jar.load(UnlearningObjective.class)) {
 *     PluginChecks.loss(plugin.instance(), inputs);
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class PluginJar {

    /** The system property naming the packaged JAR, as the Failsafe configuration of a plugin project sets it. */
    public static final String PROPERTY = "plugin.jar";

    private static final int MAX_CLASS_MAJOR_VERSION = 61;
    private static final Map<PluginKind, Class<?>> INTERFACES = Map.of(
            PluginKind.LOCALIZER, Localizer.class,
            PluginKind.OBJECTIVE, UnlearningObjective.class);

    private final Path path;
    private final String name;
    private final String version;
    private final String authors;
    private final PluginKind kind;
    private final String spiVersion;
    private final String implementationClass;

    private PluginJar(Path path, Attributes main, PluginKind kind, String implementationClass) {
        this.path = path;
        this.name = main.getValue(PluginManifest.NAME).strip();
        this.version = main.getValue(PluginManifest.VERSION).strip();
        this.authors = main.getValue(PluginManifest.AUTHORS).strip();
        this.kind = kind;
        this.spiVersion = main.getValue(PluginManifest.SPI_VERSION).strip();
        this.implementationClass = implementationClass;
    }

    /** Checks the JAR named by the system property {@value #PROPERTY}. */
    public static PluginJar checkPackaged() {
        String property = System.getProperty(PROPERTY);
        if (property == null || property.isBlank()) {
            throw new AssertionError("the system property " + PROPERTY + " does not name the packaged JAR; set it in the "
                    + "maven-failsafe-plugin's <systemPropertyVariables> to "
                    + "${project.build.directory}/${project.build.finalName}.jar, and run the test as an *IT after package");
        }
        return check(Path.of(property));
    }

    /**
     * Checks {@code jar} and describes it.
     *
     * @throws AssertionError listing every problem found
     */
    public static PluginJar check(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + ": no such plugin JAR (has the project been packaged?)");
        }
        List<String> problems = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            if (manifest == null) {
                problems.add("no META-INF/MANIFEST.MF");
            }
            for (String attribute : List.of(PluginManifest.NAME, PluginManifest.VERSION, PluginManifest.AUTHORS)) {
                String value = main.getValue(attribute);
                if (value == null || value.isBlank()) {
                    problems.add("manifest attribute " + attribute + " is " + (value == null ? "missing" : "blank"));
                }
            }
            PluginKind kind = kind(main.getValue(PluginManifest.KIND), problems);
            checkSpiVersion(main.getValue(PluginManifest.SPI_VERSION), problems);
            String implementation = kind == null ? null : implementation(file, kind, problems);
            checkClassFiles(file, problems);
            if (!problems.isEmpty()) {
                throw new AssertionError(jar + " is not a plugin JAR the harness accepts:\n  - " + String.join("\n  - ", problems));
            }
            PluginJar checked = new PluginJar(jar, main, kind, implementation);
            checked.load(INTERFACES.get(kind)).close();
            return checked;
        } catch (IOException e) {
            throw new AssertionError(jar + ": not a readable JAR (" + e.getMessage() + ")", e);
        }
    }

    /** The JAR's path. */
    public Path path() {
        return path;
    }

    /** {@code Lacuna-Plugin-Name}. */
    public String name() {
        return name;
    }

    /** {@code Lacuna-Plugin-Version}. */
    public String version() {
        return version;
    }

    /** {@code Lacuna-Plugin-Authors}. */
    public String authors() {
        return authors;
    }

    /** {@code Lacuna-Plugin-Kind}. */
    public PluginKind kind() {
        return kind;
    }

    /** {@code Lacuna-SPI-Version}: {@link SpiVersion#CURRENT} of the SPI this test runs against. */
    public String spiVersion() {
        return spiVersion;
    }

    /** The class the services file names. */
    public String implementationClass() {
        return implementationClass;
    }

    /**
     * Instantiates the plugin from the JAR alone, in a class loader of its own as the harness does: the SPI and DJL
     * come from the test's class path, every other class from the JAR, so a class the JAR lacks fails here too.
     *
     * @throws AssertionError when the JAR's plugin is not a {@code type} or cannot be instantiated
     */
    public <T> Loaded<T> load(Class<T> type) {
        URLClassLoader loader;
        try {
            loader = new IsolatedLoader(path.toUri().toURL(), PluginJar.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        try {
            Class<?> loaded = Class.forName(implementationClass, false, loader);
            if (!type.isAssignableFrom(loaded)) {
                throw new AssertionError(path + ": " + implementationClass + " does not implement " + type.getName());
            }
            if (!Modifier.isPublic(loaded.getModifiers())) {
                throw new AssertionError(path + ": " + implementationClass + " must be public");
            }
            Constructor<?> constructor = loaded.getConstructor();
            return new Loaded<>(type.cast(constructor.newInstance()), loader);
        } catch (ClassNotFoundException | LinkageError e) {
            close(loader);
            throw new AssertionError(path + ": " + implementationClass + " cannot be loaded from the JAR alone (" + e + ")", e);
        } catch (NoSuchMethodException e) {
            close(loader);
            throw new AssertionError(path + ": " + implementationClass + " needs a public constructor without parameters", e);
        } catch (ReflectiveOperationException e) {
            close(loader);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new AssertionError(path + ": the constructor of " + implementationClass + " failed: " + cause, cause);
        } catch (AssertionError e) {
            close(loader);
            throw e;
        }
    }

    /** A plugin instance and the class loader it came from; closing it releases the JAR. */
    @API(status = EXPERIMENTAL, since = "1.0")
    public static final class Loaded<T> implements AutoCloseable {

        private final T instance;
        private final URLClassLoader loader;

        private Loaded(T instance, URLClassLoader loader) {
            this.instance = instance;
            this.loader = loader;
        }

        public T instance() {
            return instance;
        }

        @Override
        public void close() {
            try {
                loader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static PluginKind kind(String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add("manifest attribute " + PluginManifest.KIND + " is missing (localizer or objective)");
            return null;
        }
        try {
            return PluginKind.fromLabel(value);
        } catch (IllegalArgumentException e) {
            problems.add("manifest attribute " + PluginManifest.KIND + ": " + e.getMessage());
            return null;
        }
    }

    private static void checkSpiVersion(String value, List<String> problems) {
        String fix = "set <" + PluginManifest.SPI_VERSION + ">" + SpiVersion.CURRENT + "</" + PluginManifest.SPI_VERSION
                + "> in the maven-jar-plugin's <manifestEntries> (the lacuna.spi.version property of projects made by "
                + "'./lacuna new')";
        if (value == null || value.isBlank()) {
            problems.add("manifest attribute " + PluginManifest.SPI_VERSION + " is missing: the harness refuses such a JAR; "
                    + fix);
            return;
        }
        try {
            SpiVersion.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add("manifest attribute " + PluginManifest.SPI_VERSION + ": " + e.getMessage());
            return;
        }
        if (!SpiVersion.parse(value).equals(SpiVersion.current())) {
            problems.add("manifest attribute " + PluginManifest.SPI_VERSION + " is " + value.strip() + ", but the plugin "
                    + "compiles against SPI " + SpiVersion.CURRENT + " (dev.lacuna:lacuna-spi on this class path); " + fix);
        }
    }

    private static String implementation(JarFile file, PluginKind kind, List<String> problems) throws IOException {
        String expected = services(kind);
        for (PluginKind other : PluginKind.values()) {
            if (other != kind && file.getEntry(services(other)) != null) {
                problems.add("the JAR has " + services(other) + ", the services file of " + article(other)
                        + ", but the manifest declares " + article(kind) + "; a plugin is of one kind");
            }
        }
        ZipEntry entry = file.getEntry(expected);
        if (entry == null) {
            problems.add("no " + expected + " naming the implementing class");
            return null;
        }
        List<String> classes;
        try (InputStream in = file.getInputStream(entry)) {
            classes = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
        if (classes.size() != 1) {
            problems.add(expected + " must name exactly one class, found " + classes.size() + " " + classes);
            return null;
        }
        String className = classes.get(0);
        if (file.getEntry(className.replace('.', '/') + ".class") == null) {
            problems.add("class " + className + " named in " + expected + " is not in the JAR");
        }
        return className;
    }

    private static void checkClassFiles(JarFile file, List<String> problems) throws IOException {
        for (ZipEntry entry : Collections.list(file.entries())) {
            if (entry.isDirectory() || !entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/")) {
                continue;
            }
            try (InputStream in = file.getInputStream(entry)) {
                byte[] head = in.readNBytes(8);
                int major = head.length < 8 ? -1 : (head[6] & 0xff) << 8 | head[7] & 0xff;
                if (major > MAX_CLASS_MAJOR_VERSION) {
                    problems.add(entry.getName() + " has class-file version " + major + " (Java " + (major - 44)
                            + "); the harness runs Java 17 (compile with --release 17)");
                }
            }
        }
    }

    private static String article(PluginKind kind) {
        return (kind == PluginKind.OBJECTIVE ? "an " : "a ") + kind.label();
    }

    private static String services(PluginKind kind) {
        return "META-INF/services/" + INTERFACES.get(kind).getName();
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // the load failed already; that message matters more
        }
    }

    /** The SPI and DJL from the test, the JDK from the platform, everything else from the JAR alone. */
    private static final class IsolatedLoader extends URLClassLoader {

        private static final String[] SHARED = {"dev.lacuna.spi.", "ai.djl."};

        private final ClassLoader test;

        IsolatedLoader(URL jar, ClassLoader test) {
            super("lacuna-plugin-check", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            this.test = test;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            for (String prefix : SHARED) {
                if (className.startsWith(prefix) && !className.startsWith("dev.lacuna.spi.testkit.")) {
                    Class<?> shared = test.loadClass(className);
                    if (resolve) {
                        resolveClass(shared);
                    }
                    return shared;
                }
            }
            return super.loadClass(className, resolve);
        }
    }
}
