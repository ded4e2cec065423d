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
        return importInto(store, archive, null);
    }

    /**
     * {@link #importInto(TestbedStore, Path)} of an archive that must hold the testbed of {@code expectedHash}
     * (what a catalog promised): an archive of any other testbed is refused before anything is stored.
     *
     * @param expectedHash the content hash the archive must have, or null for any
     * @throws CorruptTestbedException if the archive is truncated, altered, not a testbed archive or another testbed
     */
    public static Testbed importInto(TestbedStore store, Path archive, String expectedHash) {
        Path root = store.root();
        Path staging;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, ".import-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder in " + root, e);
        }
        try {
            Testbed verified = unpackVerified(archive, staging, expectedHash);
            return TestbedStore.place(verified.folder(), root.resolve(verified.hash()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import " + archive + ": " + e.getMessage(), e);
        } finally {
            deleteStaging(staging);
        }
    }

    /**
     * Verifies an archive as an import would, in a temporary folder that is removed again, and returns what
     * its manifest says: a catalog lists only archives that would import.
     *
     * @throws CorruptTestbedException if the archive is truncated, altered or not a testbed archive
     */
    public static TestbedSummary verify(Path archive) {
        Path staging;
        try {
            staging = Files.createTempDirectory("lacuna-verify-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder to verify " + archive, e);
        }
        try {
            Testbed verified = unpackVerified(archive, staging, null);
            return new TestbedSummary(verified.id(), verified.hash(), verified.manifest().path("data").asText(),
                    verified.manifest().path("model").asText(), verified.maskSeed());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot verify " + archive + ": " + e.getMessage(), e);
        } finally {
            deleteStaging(staging);
        }
    }

    /** Unpacks into {@code staging/<hash>} and opens (verifies) the testbed there. */
    private static Testbed unpackVerified(Path archive, Path staging, String expectedHash) throws IOException {
        Path unpacked = staging.resolve("unpacked");
        Files.createDirectory(unpacked);
        unpack(archive, unpacked);
        String hash = TestbedStore.readSummary(requireManifest(archive, unpacked)).hash();
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new CorruptTestbedException(archive.getFileName() + ": its manifest names no content hash");
        }
        if (expectedHash != null && !expectedHash.equals(hash)) {
            throw new CorruptTestbedException(archive.getFileName() + " holds testbed " + hash + ", not the expected "
                    + expectedHash);
        }
        Path named = staging.resolve(hash);
        Files.move(unpacked, named);
        return Testbed.open(named);
    }

    private static void deleteStaging(Path staging) {
        try {
            TestbedStore.deleteTree(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + staging, e);
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
