package dev.lacuna.engine.plugin;

import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.PluginManifest;
import dev.lacuna.spi.SpiVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks a plugin JAR's bytes before anything stores, loads or runs it, and describes the plugin. Nothing
 * from the JAR is loaded or run: the checks read the ZIP's central directory (the same one the class loader
 * and {@code ServiceLoader} read, so what is checked is what would run) and inflate every entry once.
 *
 * <p>The sizes the central directory declares are not trusted: every entry is inflated while its bytes are
 * counted, and reading stops as soon as a cap of {@link JarLimits} is passed, so a zip bomb costs a few
 * megabytes of inflating, never its declared (or real) size. Each refusal is a {@link JarRefusal} with a
 * stable rule id, listed with its limit in docs/submitting.md.
 */
public final class JarValidator {

    /** Where a JAR's manifest lives; {@link java.util.jar.JarFile} also finds it in other letter cases. */
    static final String MANIFEST = "META-INF/MANIFEST.MF";

    /**
     * The largest manifest or services file that is read into memory: real ones are a few hundred bytes, and
     * this keeps a huge one from costing up to the per-entry cap in memory.
     */
    private static final int METADATA_BYTES = 64 * 1024;

    /** Inflating reads this much at a time, so a cap is noticed at most this many bytes after it is passed. */
    private static final int CHUNK = 64 * 1024;

    private static final int CLASS_MAGIC = 0xCAFEBABE;
    private static final long MIB = 1L << 20;
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);
    private static final Pattern NATIVE_LIBRARY = Pattern.compile("(?i).*\\.(so(\\.[0-9]+)*|dll|dylib|jnilib)");
    private static final Pattern NESTED_ARCHIVE = Pattern.compile("(?i).*\\.(jar|zip|war)");
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private final Path jar;
    private final JarLimits limits;
    private long fileBytes;
    private long inflatedBytes;
    /** The manifest's name as the JAR spells it, for refusals about it. */
    private String manifestEntry = MANIFEST;

    private JarValidator(Path jar, JarLimits limits) {
        this.jar = jar;
        this.limits = limits;
    }

    /**
     * Checks {@code jar} against {@code limits} and the packaging rules of docs/submitting.md and returns what
     * it declares.
     *
     * @throws JarRefusal naming the JAR, the rule and the entry, at the first rule the JAR breaks
     */
    public static PluginDescriptor validate(Path jar, JarLimits limits) {
        return new JarValidator(jar, limits).validate();
    }

    private PluginDescriptor validate() {
        if (!Files.exists(jar)) {
            throw refuse("not-found", null, "plugin JAR not found");
        }
        if (!Files.isRegularFile(jar)) {
            throw refuse("not-found", null, "plugin JAR not found: this is not a regular file");
        }
        try {
            fileBytes = Files.size(jar);
        } catch (IOException e) {
            throw refuse("not-a-jar", null, "not a readable JAR file (" + e.getMessage() + ")", e);
        }
        if (fileBytes > limits.maxJarBytes()) {
            throw refuse("size", null, "the file is " + bytes(fileBytes) + ", over the limit of "
                    + bytes(limits.maxJarBytes()));
        }
        ZipFile zip;
        try {
            zip = new ZipFile(jar.toFile());
        } catch (IOException e) {
            throw refuse("not-a-jar", null, "not a readable JAR file (" + e.getMessage() + ")", e);
        }
        try (zip) {
            if (zip.size() > limits.maxEntries()) {
                throw refuse("entries", null, "the JAR has " + zip.size() + " entries, over the limit of "
                        + limits.maxEntries());
            }
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            Set<String> names = checkNames(entries);
            Contents contents = inflate(zip, entries);
            Manifest manifest = manifest(contents.manifest);
            Attributes attributes = manifest.getMainAttributes();
            String name = required(attributes, PluginManifest.NAME);
            String version = required(attributes, PluginManifest.VERSION);
            String authors = required(attributes, PluginManifest.AUTHORS);
            PluginKind kind;
            try {
                kind = PluginKind.fromLabel(required(attributes, PluginManifest.KIND));
            } catch (IllegalArgumentException e) {
                throw refuse("manifest", manifestEntry,
                        "manifest " + PluginManifest.KIND + " in " + manifestEntry + ": " + e.getMessage(), e);
            }
            SpiVersion spiVersion = spiVersion(attributes);
            String implementation = implementationClass(kind, contents.services, names);
            return new PluginDescriptor(jar, name, version, authors, kind, implementation, sha256(), spiVersion.toString());
        } catch (IOException e) {
            throw refuse("not-a-jar", null, "not a readable JAR file (" + e.getMessage() + ")", e);
        }
    }

    /** The checks that need only the names: cheap, so they come before any entry is inflated. */
    private Set<String> checkNames(List<? extends ZipEntry> entries) {
        Set<String> names = new HashSet<>();
        String manifest = null;
        for (ZipEntry entry : entries) {
            String name = entry.getName();
            checkPath(name);
            if (!names.add(name)) {
                throw refuse("duplicate-entry", name, "entry '" + name
                        + "' appears more than once; readers of the JAR would disagree on which copy counts");
            }
            if (name.equalsIgnoreCase(MANIFEST)) {
                if (manifest != null) {
                    throw refuse("duplicate-entry", name, "entry '" + name + "' is a second manifest beside '"
                            + manifest + "'");
                }
                manifest = name;
            }
            if (entry.isDirectory()) {
                continue;
            }
            if (NATIVE_LIBRARY.matcher(name).matches()) {
                throw refuse("native-library", name, "entry '" + name
                        + "' is a native library; a plugin runs JVM code only, which the sandbox can confine");
            }
            if (NESTED_ARCHIVE.matcher(name).matches()) {
                throw refuse("nested-jar", name, "entry '" + name + "' is a nested archive, which the plugin's "
                        + "class loader does not read and the checks cannot see into; shade its classes instead");
            }
        }
        return names;
    }

    /** Refuses a name that, unpacked, would land outside the folder it is unpacked into, or that hides its path. */
    private void checkPath(String name) {
        if (name.isEmpty()) {
            throw refuse("path", name, "an entry has an empty name");
        }
        if (name.startsWith("/") || name.startsWith("\\") || DRIVE.matcher(name).matches()) {
            throw refuse("path", name, "entry '" + name + "' is an absolute path");
        }
        if (name.indexOf('\\') >= 0) {
            throw refuse("path", name, "entry '" + name
                    + "' contains a backslash, which Windows reads as a folder separator");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw refuse("path", name, "entry '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character");
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                throw refuse("path", name, "entry '" + name + "' leaves the JAR's root");
            }
        }
    }

    /** What the later checks need from the entries' contents. */
    private static final class Contents {
        byte[] manifest;
        final Map<PluginKind, byte[]> services = new EnumMap<>(PluginKind.class);
    }

    /** Inflates every entry once, counting its bytes, and checks class files' headers on the way. */
    private Contents inflate(ZipFile zip, List<? extends ZipEntry> entries) {
        Contents contents = new Contents();
        for (ZipEntry entry : entries) {
            String name = entry.getName();
            boolean manifest = name.equalsIgnoreCase(MANIFEST);
            PluginKind services = servicesKind(name);
            boolean classFile = !entry.isDirectory() && name.endsWith(".class");
            int keep = manifest || services != null ? METADATA_BYTES + 1 : classFile ? 8 : 0;
            byte[] kept = inflate(zip, entry, keep);
            if (classFile) {
                checkClassHeader(name, kept);
            } else if (manifest || services != null) {
                if (kept.length > METADATA_BYTES) {
                    throw refuse(manifest ? "manifest" : "services", name, "entry '" + name + "' is over "
                            + bytes(METADATA_BYTES) + "; a real one is a few hundred bytes");
                }
                if (manifest) {
                    manifestEntry = name;
                    contents.manifest = kept;
                } else {
                    contents.services.put(services, kept);
                }
            }
        }
        return contents;
    }

    /**
     * Inflates one entry, refusing it as soon as it passes a cap, and returns its first {@code keep} bytes. The
     * compressed size comes from the central directory, but it also bounds how much the inflater may read, and
     * it is capped by the file's length: a lie can only make the ratio look better, never pass the byte caps.
     */
    private byte[] inflate(ZipFile zip, ZipEntry entry, int keep) {
        String name = entry.getName();
        long compressed = Math.max(1, Math.min(fileBytes, entry.getCompressedSize() < 0 ? fileBytes
                : entry.getCompressedSize()));
        long ratioCap = compressed > Long.MAX_VALUE / limits.maxCompressionRatio() ? Long.MAX_VALUE
                : compressed * limits.maxCompressionRatio();
        ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(keep, CHUNK));
        byte[] buffer = new byte[CHUNK];
        long count = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (kept.size() < keep) {
                    kept.write(buffer, 0, Math.min(n, keep - kept.size()));
                }
                count += n;
                inflatedBytes += n;
                if (count > limits.maxEntryBytes()) {
                    throw refuse("entry-size", name, "entry '" + name + "' inflates to more than "
                            + bytes(limits.maxEntryBytes()));
                }
                if (inflatedBytes > limits.maxTotalBytes()) {
                    throw refuse("total-size", name, "the entries inflate to more than "
                            + bytes(limits.maxTotalBytes()) + " in all (passed at entry '" + name + "')");
                }
                if (count > limits.ratioCheckedAbove() && count > ratioCap) {
                    throw refuse("compression-ratio", name, "entry '" + name + "' inflates to more than "
                            + limits.maxCompressionRatio() + " times its compressed size of " + bytes(compressed)
                            + ", as only crafted data does");
                }
            }
        } catch (IOException e) {
            throw refuse("not-a-jar", name, "not a readable JAR file: entry '" + name + "' cannot be inflated ("
                    + e.getMessage() + ")", e);
        }
        return kept.toByteArray();
    }

    /** A class file the JVM in the harness cannot define is refused here, with its version, not at load time. */
    private void checkClassHeader(String name, byte[] head) {
        if (head.length < 8 || readInt(head, 0) != CLASS_MAGIC) {
            throw refuse("class-file", name, "entry '" + name + "' is not a class file (no 0xCAFEBABE header)");
        }
        int major = (head[6] & 0xff) << 8 | head[7] & 0xff;
        if (major > limits.maxClassMajorVersion()) {
            throw refuse("class-version", name, "entry '" + name + "' has class-file version " + major + " ("
                    + release(major) + "); the harness runs " + release(limits.maxClassMajorVersion())
                    + ", whose highest is " + limits.maxClassMajorVersion() + " (compile with --release "
                    + (limits.maxClassMajorVersion() - 44) + ")");
        }
    }

    private Manifest manifest(byte[] bytes) {
        if (bytes == null) {
            throw refuse("manifest", MANIFEST, "no " + MANIFEST + "; a plugin declares " + PluginManifest.NAME + ", "
                    + PluginManifest.VERSION + ", " + PluginManifest.AUTHORS + ", " + PluginManifest.KIND + " and "
                    + PluginManifest.SPI_VERSION + " there");
        }
        try {
            return new Manifest(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw refuse("manifest", manifestEntry, manifestEntry + " cannot be parsed (" + e.getMessage() + ")", e);
        }
    }

    private String required(Attributes attributes, String attribute) {
        String value = attributes.getValue(attribute);
        if (value == null) {
            throw refuse("manifest", manifestEntry, "manifest attribute " + attribute + " is missing from " + manifestEntry);
        }
        if (value.isBlank()) {
            throw refuse("manifest", manifestEntry, "manifest attribute " + attribute + " is blank in " + manifestEntry);
        }
        return value.trim();
    }

    /**
     * The SPI version the plugin was compiled against, if this harness runs plugins of that version
     * ({@link SpiVersion#runs}: the same major version, a minor version no later than {@link SpiVersion#CURRENT}).
     * Every refusal names both versions, and a missing attribute says how to add it.
     */
    private SpiVersion spiVersion(Attributes attributes) {
        SpiVersion harness = SpiVersion.current();
        String declared = attributes.getValue(PluginManifest.SPI_VERSION);
        if (declared == null || declared.isBlank()) {
            throw refuse("spi-version", manifestEntry, "manifest attribute " + PluginManifest.SPI_VERSION + " is "
                    + (declared == null ? "missing from " : "blank in ") + manifestEntry + ": it names the SPI version the "
                    + "plugin was compiled against, and this harness implements SPI " + harness + ". Add <"
                    + PluginManifest.SPI_VERSION + ">" + harness + "</" + PluginManifest.SPI_VERSION + "> to the "
                    + "maven-jar-plugin's <manifestEntries> (projects made by './lacuna new' and those under submissions/ "
                    + "have it) and rebuild");
        }
        SpiVersion plugin;
        try {
            plugin = SpiVersion.parse(declared);
        } catch (IllegalArgumentException e) {
            throw refuse("spi-version", manifestEntry, "manifest " + PluginManifest.SPI_VERSION + " in " + manifestEntry
                    + ": " + e.getMessage() + "; this harness implements SPI " + harness, e);
        }
        if (!harness.runs(plugin)) {
            String fix = plugin.major() == harness.major()
                    ? "it may call what SPI " + harness + " lacks; rebuild it against the lacuna-spi of SPI " + harness
                    + ", or run it on a harness of SPI " + plugin + " or later"
                    : "rebuild it against the lacuna-spi of SPI " + harness + " (and write that version in its manifest)";
            throw refuse("spi-version", manifestEntry, "the plugin was built for SPI " + plugin + " ("
                    + PluginManifest.SPI_VERSION + " in " + manifestEntry + "), but this harness implements SPI " + harness
                    + " and runs plugins built for SPI " + harness.runnableRange()
                    + " (the same major version, a minor version no later); " + fix);
        }
        return plugin;
    }

    /**
     * The one class the services file of the manifest's kind names, after checking that it is the only plugin
     * services file and that the class is in the JAR, so the class loader would find it there and not elsewhere.
     */
    private String implementationClass(PluginKind kind, Map<PluginKind, byte[]> services, Set<String> names) {
        String path = servicesPath(kind);
        if (services.size() > 1) {
            List<String> found = new ArrayList<>();
            for (PluginKind other : services.keySet()) {
                found.add(servicesPath(other));
            }
            String offending = services.keySet().stream().filter(k -> k != kind).map(JarValidator::servicesPath)
                    .findFirst().orElseThrow();
            throw refuse("services", offending, "the JAR has the services files of " + services.size()
                    + " plugin kinds (" + String.join(", ", found) + "); a plugin is of one kind, here "
                    + kind.label() + ", and has only " + path);
        }
        if (!services.containsKey(kind)) {
            if (!services.isEmpty()) {
                PluginKind other = services.keySet().iterator().next();
                throw refuse("services", servicesPath(other), "the manifest declares a " + kind.label()
                        + " plugin, but the JAR has " + servicesPath(other) + ", the services file of a "
                        + other.label() + ", and no " + path);
            }
            throw refuse("services", path, "no " + path + " entry naming the implementing class");
        }
        List<String> classes = new String(services.get(kind), StandardCharsets.UTF_8).lines()
                .map(line -> line.replaceFirst("#.*", "").trim())
                .filter(line -> !line.isEmpty())
                .toList();
        if (classes.size() != 1) {
            throw refuse("services", path, path + " must name exactly one class, found " + classes.size());
        }
        String className = classes.get(0);
        if (!CLASS_NAME.matcher(className).matches()) {
            throw refuse("services", path, path + " names '" + className + "', which is not a Java class name");
        }
        if (!names.contains(className.replace('.', '/') + ".class")) {
            throw refuse("services-class", path, "class " + className + " named in " + path + " is not in the JAR (no "
                    + className.replace('.', '/') + ".class entry)");
        }
        return className;
    }

    private static PluginKind servicesKind(String name) {
        for (PluginKind kind : PluginKind.values()) {
            if (name.equals(servicesPath(kind))) {
                return kind;
            }
        }
        return null;
    }

    private static String servicesPath(PluginKind kind) {
        return "META-INF/services/" + PluginLoader.interfaceOf(kind).getName();
    }

    private String sha256() throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(jar), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private JarRefusal refuse(String rule, String entry, String problem) {
        return new JarRefusal(jar, rule, entry, problem);
    }

    private JarRefusal refuse(String rule, String entry, String problem, Throwable cause) {
        return new JarRefusal(jar, rule, entry, problem, cause);
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
    }

    /** Class-file major version 61 is Java 17, 65 Java 21: the release is the version minus 44. */
    private static String release(int major) {
        return major >= 45 ? "Java " + (major - 44) : "no Java release";
    }

    private static String bytes(long count) {
        if (count >= MIB && count % MIB == 0) {
            return count / MIB + " MiB";
        }
        if (count >= 1024 && count % 1024 == 0) {
            return count / 1024 + " KiB";
        }
        return String.format(Locale.ROOT, "%,d bytes", count);
    }
}
