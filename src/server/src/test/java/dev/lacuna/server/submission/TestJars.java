package dev.lacuna.server.submission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The real plugin JARs the reactor built from {@code submissions/}, and copies of them with one more entry: a
 * unique resource makes a JAR with new bytes (so a new submission) that validates like the original; an entry
 * named {@code ../...} makes one the validator refuses for its path.
 */
public final class TestJars {

    private TestJars() {
    }

    /** {@code submissions/<project>/target/<project>-0.1.0-SNAPSHOT.jar}, which must have been built. */
    public static Path built(String project) {
        Path folder = Path.of(System.getProperty("test.submissions.dir", "../../submissions"));
        Path jar = folder.resolve(project).resolve("target").resolve(project + "-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no plugin JAR at " + jar.toAbsolutePath() + "; build the reactor first");
        }
        return jar;
    }

    /** A copy of the built JAR with a unique resource entry: valid, and never uploaded before. */
    public static Path fresh(Path folder, String project) {
        return withEntry(folder, project, "lacuna-test/nonce-" + UUID.randomUUID() + ".txt");
    }

    /** A copy of the built JAR with one more (small, text) entry of this name. */
    public static Path withEntry(Path folder, String project, String entryName) {
        Path copy = folder.resolve(project + "-" + UUID.randomUUID() + ".jar");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(built(project)));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(entryName));
            out.write("added by a test\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }
}
