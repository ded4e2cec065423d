package dev.lacuna.cli;

import dev.lacuna.engine.data.download.DataFetcher;
import dev.lacuna.engine.data.download.DownloadException;
import dev.lacuna.engine.data.download.FetchProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Downloads a testbed archive before it is imported. The bytes go to
 * {@code <home>/cache/downloads/<sha256 of the URL>.zip.part}, a name that only the URL decides, so that the
 * next run of the same command finds a broken-off download and resumes it with a range request instead of
 * starting over. Nothing here trusts the bytes: the import verifies every hash before it stores anything.
 */
final class ArchiveDownload {

    /** A zip file's first bytes (a local file header): anything else is not an archive 'testbed export' wrote. */
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private ArchiveDownload() {
    }

    /** Whether a command argument names an http(s) URL rather than a file. */
    static boolean isUrl(String argument) {
        return argument.startsWith("http://") || argument.startsWith("https://");
    }

    /** Where the download of {@code url} is kept until it is imported. */
    static Path partFile(Path home, URI url) {
        return TestbedCommand.LacunaHome.resolve(home).resolve("cache").resolve("downloads").resolve(sha256(url.toString()) + ".zip.part");
    }

    /**
     * Downloads (or resumes) {@code url} into its part file, with progress on stderr, and returns the file. A
     * complete download that is not a zip file is deleted, since resuming it could never give an archive.
     *
     * @throws DownloadException with the HTTP status and URL, a refused connection, a break (the part file is
     *                           kept to resume) or a download that is not an archive
     */
    static Path download(Path home, URI url) {
        Path part = partFile(home, url);
        try {
            Files.createDirectories(part.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + part.getParent(), e);
        }
        String name = url.getPath() == null || url.getPath().isEmpty() ? url.toString()
                : url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        DataFetcher.withDefaults(Map.of(), FetchProgress.printingTo(System.err)).resume(url, part, name);
        if (!startsWithZipMagic(part)) {
            discard(part);
            throw new DownloadException("the download from " + url + " is not a testbed archive (not a zip file); "
                    + "the downloaded file was deleted and nothing was stored");
        }
        return part;
    }

    /** Removes a part file once its bytes are imported or refused: neither should be resumed. */
    static void discard(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + part, e);
        }
    }

    private static boolean startsWithZipMagic(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(ZIP_MAGIC.length), ZIP_MAGIC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
