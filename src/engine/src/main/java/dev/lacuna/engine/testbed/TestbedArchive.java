package dev.lacuna.engine.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One file that carries a stored testbed between machines: a zip of its manifest and files, whose sha256s
 * the manifest already records. Nothing else is needed to check it: the manifest's per-file hashes and the
 * content hash (the folder name) are verified before an import stores anything, so a tampered or truncated
 * archive never reaches the store.
 */
public final class TestbedArchive {

    private TestbedArchive() {
    }

    /** Writes the verified testbed's manifest and files to {@code out} (replaced if present). */
    public static void export(Testbed testbed, Path out) {
        Path part = out.toAbsolutePath().resolveSibling(out.getFileName() + ".part");
        try (OutputStream file = Files.newOutputStream(part); ZipOutputStream zip = new ZipOutputStream(file);
             Stream<Path> files = Files.list(testbed.folder())) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        try {
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + part + " to " + out, e);
        }
    }

    /**
     * Unpacks an archive into a temporary folder inside the store, verifies every hash there, and only then
     * moves it into place, replacing a damaged folder of the same hash; on any refusal nothing is stored.
     *
     * @throws CorruptTestbedException if the archive is truncated, altered or not a testbed archive
     */
    public static Testbed importInto(TestbedStore store, Path archive) {
        Path root = store.root();
        Path staging;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, ".import-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder in " + root, e);
        }
        try {
            Path unpacked = staging.resolve("unpacked");
            Files.createDirectory(unpacked);
            unpack(archive, unpacked);
            String hash = TestbedStore.readSummary(requireManifest(archive, unpacked)).hash();
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new CorruptTestbedException(archive.getFileName() + ": its manifest names no content hash");
            }
            Path named = staging.resolve(hash);
            Files.move(unpacked, named);
            Testbed.open(named);
            return TestbedStore.place(named, root.resolve(hash));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import " + archive + ": " + e.getMessage(), e);
        } finally {
            try {
                TestbedStore.deleteTree(staging);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + staging, e);
            }
        }
    }

    private static Path requireManifest(Path archive, Path unpacked) {
        Path manifest = unpacked.resolve(TestbedStore.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new CorruptTestbedException(archive.getFileName() + " holds no " + TestbedStore.MANIFEST
                    + ": not a testbed archive (or truncated)");
        }
        return manifest;
    }

    private static void unpack(Path archive, Path into) throws IOException {
        Set<String> seen = new HashSet<>();
        try (InputStream file = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(file)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (entry.isDirectory() || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                        || !seen.add(name)) {
                    throw new CorruptTestbedException(archive.getFileName() + ": unexpected entry '" + name + "'");
                }
                Files.copy(zip, into.resolve(name));
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new CorruptTestbedException(archive.getFileName() + " is truncated or altered (" + e.getMessage()
                    + "); nothing was stored, download it again");
        }
    }

}
