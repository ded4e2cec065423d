package dev.lacuna.cli;

import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.PluginManifest;
import dev.lacuna.spi.SpiVersion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packs a plugin class (and its nested classes) into a plugin JAR with a manifest and a services entry, as
 * a submission's build does. The classes come from the submission's build output: a class folder under
 * {@code test}, the packaged JAR under {@code verify}.
 */
final class PluginJars {

    private PluginJars() {
    }

    static Path pack(Path folder, String name, PluginKind kind, Class<?> type) throws IOException, URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(location)) {
            try (FileSystem packaged = FileSystems.newFileSystem(location)) {
                return pack(folder, name, kind, type, packaged.getPath("/"));
            }
        }
        return pack(folder, name, kind, type, location);
    }

    private static Path pack(Path folder, String name, PluginKind kind, Class<?> type, Path classes) throws IOException {
        String packagePath = type.getPackageName().replace('.', '/');
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(PluginManifest.NAME, name);
        main.putValue(PluginManifest.VERSION, "1.0.0");
        main.putValue(PluginManifest.AUTHORS, "Lacuna Bench tests");
        main.putValue(PluginManifest.KIND, kind.label());
        main.putValue(PluginManifest.SPI_VERSION, SpiVersion.CURRENT);
        Path jar = folder.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.list(classes.resolve(packagePath))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(type.getSimpleName())).sorted().toList()) {
                out.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName().toString().replace("/", "")));
                Files.copy(file, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + dev.lacuna.engine.plugin.PluginLoader.interfaceOf(kind).getName()));
            out.write((type.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
