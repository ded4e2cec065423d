package dev.lacuna.worker.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The files a sandboxed child may read, gathered once per runtime into one world-readable folder under
 * the system temp directory: the harness's class path, libtorch's extracted native libraries and the
 * plugin JAR; per job, its job file and theta_o. Files are hard-linked where the file system allows (free)
 * and copied otherwise. Gathering them is what lets the child run as an unprivileged user that cannot
 * traverse the harness's home, and it means the child sees neutral paths (/job/...), never where the
 * harness keeps its testbeds.
 */
final class SandboxStage implements AutoCloseable {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path root;
    private final List<String> classPath;
    private final Path nativeCache;

    private SandboxStage(Path root, List<String> classPath, Path nativeCache) {
        this.root = root;
        this.classPath = classPath;
        this.nativeCache = nativeCache;
    }

    /**
     * @param classPath   the harness's class path, expanded ({@link #expandedClassPath()})
     * @param nativeCache DJL's PyTorch cache folder (the extracted libtorch), or null
     * @param plugin      the plugin JAR
     */
    static SandboxStage create(List<Path> classPath, Path nativeCache, Path plugin) {
        try {
            // the harness's pid in the name tells whose a leftover folder is when several harnesses share a machine
            Path root = Files.createTempDirectory("lacuna-sandbox-" + ProcessHandle.current().pid() + "-");
            Files.setPosixFilePermissions(root, FOLDER);
            SandboxStage stage;
            try {
                Path lib = folder(root.resolve("lib"));
                List<String> inside = new ArrayList<>();
                int i = 0;
                for (Path entry : classPath) {
                    String name = String.format("%03d-%s", i++, entry.getFileName());
                    place(entry, lib.resolve(name));
                    inside.add("/job/lib/" + name);
                }
                Path natives = null;
                if (nativeCache != null && Files.isDirectory(nativeCache)) {
                    natives = folder(root.resolve("djl"));
                    place(nativeCache, natives.resolve("pytorch"));
                }
                place(plugin, root.resolve("plugin.jar"));
                folder(root.resolve("jobs"));
                stage = new SandboxStage(root, List.copyOf(inside), natives);
            } catch (IOException | RuntimeException e) {
                delete(root);
                throw e;
            }
            return stage;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the sandbox's files: " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    /** The class path as the child sees it. */
    List<String> classPath() {
        return classPath;
    }

    /** The staged native cache, or null. */
    Path nativeCache() {
        return nativeCache;
    }

    /** A fresh folder for one job's files, readable by the child. */
    Path jobFolder(String jobId) throws IOException {
        return folder(root.resolve("jobs").resolve(jobId));
    }

    /** Links or copies {@code source} to {@code target}, recursively for folders, readable by everyone. */
    static void place(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            folder(target);
            try (Stream<Path> children = Files.list(source)) {
                for (Path child : children.toList()) {
                    place(child, target.resolve(child.getFileName().toString()));
                }
            }
            return;
        }
        Path real = source.toRealPath();
        boolean linked = false;
        if (Files.getPosixFilePermissions(real).contains(PosixFilePermission.OTHERS_READ)) {
            try {
                Files.createLink(target, real);
                linked = true;
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                linked = false;
            }
        }
        if (!linked) {
            Files.copy(real, target, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(target, FILE);
        }
    }

    private static Path folder(Path path) throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, FOLDER);
        return path;
    }

    /**
     * The JVM's class path with every JAR's manifest {@code Class-Path} followed (a launcher JAR, or the test
     * runner's manifest-only JAR, names the real entries there), existing entries only, in order.
     */
    static List<Path> expandedClassPath() {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                expand(Path.of(entry).toAbsolutePath().normalize(), out);
            }
        }
        return List.copyOf(out);
    }

    private static void expand(Path entry, Set<Path> out) {
        if (!Files.exists(entry) || out.contains(entry)) {
            return;
        }
        out.add(entry);
        if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String referenced = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (referenced == null) {
                return;
            }
            for (String item : referenced.trim().split("\\s+")) {
                if (item.isEmpty()) {
                    continue;
                }
                Path resolved = item.startsWith("file:") ? Path.of(java.net.URI.create(item))
                        : entry.getParent().resolve(java.net.URLDecoder.decode(item, java.nio.charset.StandardCharsets.UTF_8));
                expand(resolved.toAbsolutePath().normalize(), out);
            }
        } catch (IOException | IllegalArgumentException e) {
            // not a readable JAR: it stays on the path as it is
        }
    }

    /** Folders outside {@code javaHome} its symbolic links point into (Debian keeps the JDK's conf in /etc). */
    static Set<Path> javaHomeLinkTargets(Path javaHome) {
        Set<Path> out = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(javaHome)) {
            files.filter(Files::isSymbolicLink).forEach(link -> {
                try {
                    Path target = link.toRealPath();
                    if (!target.startsWith(javaHome.toRealPath()) && target.getNameCount() >= 2) {
                        out.add(target.getRoot().resolve(target.subpath(0, 2)));
                    }
                } catch (IOException ignored) {
                    // a dangling link: nothing to bind
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return out;
        }
        return out;
    }

    @Override
    public void close() {
        delete(root);
    }

    static void delete(Path folder) {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder; the operating system cleans it eventually
        }
    }
}
