package dev.lacuna.engine.plugin;

import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.PluginManifest;
import dev.lacuna.spi.UnlearningObjective;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Reads a plugin JAR's manifest and service entry, checks that they agree, and instantiates the plugin
 * in its own class loader. Every refusal names the JAR and the problem.
 */
public final class PluginLoader {

    private static final Map<PluginKind, Class<?>> INTERFACES = Map.of(
            PluginKind.LOCALIZER, Localizer.class,
            PluginKind.OBJECTIVE, UnlearningObjective.class);

    private PluginLoader() {
    }

    /** The interface a plugin of this kind implements. */
    public static Class<?> interfaceOf(PluginKind kind) {
        return INTERFACES.get(kind);
    }

    /** Reads the descriptor without running any of the JAR's code. */
    public static PluginDescriptor describe(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new PluginException("plugin JAR not found: " + jar);
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                throw new PluginException(jar + ": no META-INF/MANIFEST.MF; a plugin declares "
                        + PluginManifest.NAME + ", " + PluginManifest.VERSION + ", " + PluginManifest.AUTHORS
                        + " and " + PluginManifest.KIND + " there");
            }
            Attributes attributes = manifest.getMainAttributes();
            String name = required(jar, attributes, PluginManifest.NAME);
            String version = required(jar, attributes, PluginManifest.VERSION);
            String authors = required(jar, attributes, PluginManifest.AUTHORS);
            PluginKind kind;
            try {
                kind = PluginKind.fromLabel(required(jar, attributes, PluginManifest.KIND));
            } catch (IllegalArgumentException e) {
                throw new PluginException(jar + ": manifest " + PluginManifest.KIND + ": " + e.getMessage(), e);
            }
            String implementation = serviceEntry(jar, file, interfaceOf(kind));
            return new PluginDescriptor(jar, name, version, authors, kind, implementation, sha256(jar));
        } catch (IOException e) {
            throw new PluginException(jar + ": not a readable JAR file (" + e.getMessage() + ")", e);
        }
    }

    /** Describes the JAR, then instantiates its plugin class through a fresh class loader. */
    public static <T> LoadedPlugin<T> load(Path jar, Class<T> expected) {
        PluginDescriptor descriptor = describe(jar);
        Class<?> declared = interfaceOf(descriptor.kind());
        if (!expected.equals(declared)) {
            throw new PluginException(jar + ": is a " + descriptor.kind().label() + " plugin, expected a "
                    + expected.getSimpleName());
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(jar.toUri().toURL(), PluginLoader.class.getClassLoader());
        } catch (IOException e) {
            throw new PluginException(jar + ": cannot open (" + e.getMessage() + ")", e);
        }
        try {
            Class<?> type = Class.forName(descriptor.implementationClass(), false, loader);
            if (!expected.isAssignableFrom(type)) {
                throw new PluginException(jar + ": class " + type.getName() + " does not implement "
                        + expected.getName());
            }
            Constructor<?> constructor = type.getConstructor();
            return new LoadedPlugin<>(descriptor, expected.cast(constructor.newInstance()), loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            close(loader);
            throw new PluginException(jar + ": class " + descriptor.implementationClass()
                    + " named in META-INF/services is not in the JAR", e);
        } catch (NoSuchMethodException e) {
            close(loader);
            throw new PluginException(jar + ": class " + descriptor.implementationClass()
                    + " needs a public constructor without parameters", e);
        } catch (InvocationTargetException e) {
            close(loader);
            throw new PluginException(jar + ": constructor of " + descriptor.implementationClass() + " threw "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            close(loader);
            throw new PluginException(jar + ": cannot instantiate " + descriptor.implementationClass() + " (" + e + ")", e);
        } catch (PluginException e) {
            close(loader);
            throw e;
        }
    }

    private static String required(Path jar, Attributes attributes, String name) {
        String value = attributes.getValue(name);
        if (value == null || value.isBlank()) {
            throw new PluginException(jar + ": manifest attribute " + name + " is missing");
        }
        return value.trim();
    }

    private static String serviceEntry(Path jar, JarFile file, Class<?> type) throws IOException {
        String path = "META-INF/services/" + type.getName();
        ZipEntry entry = file.getEntry(path);
        if (entry == null) {
            throw new PluginException(jar + ": no " + path + " entry naming the implementing class");
        }
        List<String> classes;
        try (InputStream in = file.getInputStream(entry);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            classes = reader.lines()
                    .map(line -> line.replaceFirst("#.*", "").trim())
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
        if (classes.size() != 1) {
            throw new PluginException(jar + ": " + path + " must name exactly one class, found " + classes.size());
        }
        String className = classes.get(0);
        if (file.getEntry(className.replace('.', '/') + ".class") == null) {
            throw new PluginException(jar + ": class " + className + " named in " + path + " is not in the JAR");
        }
        return className;
    }

    private static String sha256(Path jar) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(jar), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void close(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // the load already failed; its message matters more than this one
        }
    }
}
