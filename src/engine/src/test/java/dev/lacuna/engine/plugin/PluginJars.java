package dev.lacuna.engine.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources and packs them into plugin JARs, good or deliberately broken, for tests. */
final class PluginJars {

    private final Path workDirectory;

    PluginJars(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /** Compiles {@code sources} (class name to source) and writes a JAR with the given manifest and files. */
    Path build(String jarName, Map<String, String> sources, Map<String, String> manifest, Map<String, String> files)
            throws IOException {
        Path sourceDir = Files.createDirectories(workDirectory.resolve(jarName + "-src"));
        Path classDir = Files.createDirectories(workDirectory.resolve(jarName + "-classes"));
        List<String> arguments = new ArrayList<>(List.of(
                "-d", classDir.toString(), "-classpath", System.getProperty("java.class.path"), "--release", "17"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceDir.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        if (!sources.isEmpty()) {
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            int status = compiler.run(null, null, null, arguments.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("test plugin sources do not compile");
            }
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        Path jar = workDirectory.resolve(jarName + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
                Stream<Path> classes = Files.walk(classDir)) {
            for (Path file : classes.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classDir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                out.putNextEntry(new JarEntry(file.getKey()));
                write(out, file.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
