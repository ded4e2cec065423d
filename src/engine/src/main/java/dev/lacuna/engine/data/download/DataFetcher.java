package dev.lacuna.engine.data.download;

import dev.lacuna.engine.data.DataSetKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads the files of a data set into {@code <data dir>/<data set>/}, because the data may not be
 * shipped with the product. Each file is written to {@code <name>.part} first; an interrupted download
 * is resumed with an HTTP range request on the next run; a finished file is moved into place only after
 * its sha256 matches, and a file that does not match is deleted.
 */
public final class DataFetcher {

    /** What happened to one file. */
    public enum Outcome {
        /** The file was there already with the right hash; nothing was downloaded. */
        ALREADY_PRESENT,
        /** The file was downloaded from the start. */
        DOWNLOADED,
        /** A partial download was continued. */
        RESUMED
    }

    /** The result for one file: where it is, what happened and how many bytes crossed the network. */
    public record Result(RemoteFile file, Path path, Outcome outcome, long bytesTransferred) {
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final Map<DataSource, URI> baseUrls;
    private final FetchProgress progress;

    /**
     * @param baseUrls replacements for the default base URL of some sources; each should end with a slash
     */
    public DataFetcher(HttpClient client, Map<DataSource, URI> baseUrls, FetchProgress progress) {
        this.client = client;
        this.baseUrls = new EnumMap<>(DataSource.class);
        for (DataSource source : DataSource.values()) {
            this.baseUrls.put(source, source.defaultBaseUrl());
        }
        baseUrls.forEach((source, url) -> this.baseUrls.put(source, withTrailingSlash(url)));
        this.progress = progress;
    }

    /** A fetcher with a client that follows redirects (Hugging Face serves files through a CDN redirect). */
    public static DataFetcher withDefaults(Map<DataSource, URI> baseUrls, FetchProgress progress) {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        return new DataFetcher(client, baseUrls, progress);
    }

    /** The URL a file is downloaded from with the configured base URLs. */
    public URI urlOf(RemoteFile file) {
        return baseUrls.get(file.source()).resolve(file.path());
    }

    /** Downloads every missing or wrong file of a data set; stops at the first file that fails. */
    public List<Result> fetch(DataSetKind kind, Path dataDirectory) {
        Path folder = dataDirectory.resolve(kind.id());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DownloadException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        List<Result> results = new ArrayList<>();
        for (RemoteFile file : RemoteFile.of(kind)) {
            results.add(fetch(file, folder.resolve(file.name()), kind.id() + "/" + file.name()));
        }
        return results;
    }

    /** Downloads one file to {@code target} unless it is already there with the expected hash. */
    public Result fetch(RemoteFile file, Path target, String label) {
        if (Files.isRegularFile(target)) {
            String actual = sha256(target);
            if (actual.equals(file.sha256())) {
                progress.note(label, "already present, sha256 verified");
                return new Result(file, target, Outcome.ALREADY_PRESENT, 0);
            }
            progress.note(label, "present but sha256 " + actual + " is not the expected " + file.sha256()
                    + "; downloading it again");
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        URI url = urlOf(file);
        Transfer transfer = download(url, part, size(part), label, false);
        if (transfer.restart()) {
            delete(part);
            transfer = download(url, part, 0, label, false);
        }
        String actual = sha256(part);
        if (!actual.equals(file.sha256())) {
            delete(part);
            throw new DownloadException("sha256 mismatch for " + label + " (from " + url + "): expected "
                    + file.sha256() + ", actual " + actual + "; the downloaded file was deleted");
        }
        move(part, target);
        progress.note(label, "sha256 verified");
        return new Result(file, target, transfer.resumed() ? Outcome.RESUMED : Outcome.DOWNLOADED, transfer.bytes());
    }

    /** What one download moved: bytes over the network, whether it continued a partial file. */
    public record Transfer(long bytes, boolean resumed, boolean restart) {
    }

    /**
     * Downloads {@code url} into {@code part}, continuing from the part's current length with a range request.
     * The bytes are not checked here: the caller verifies them (a testbed import checks every hash its
     * manifest records). Unlike {@link #fetch(RemoteFile, Path, String)}, where the expected sha256 decides,
     * a 416 answer (the part is as long as the file, or longer) starts the download over, as do a server that
     * answers a range with something else and a length that differs from the announced size; that happens
     * once, and a second size mismatch is an error. A transfer that breaks off leaves {@code part} for the
     * next run to resume.
     *
     * @throws DownloadException naming the URL and the HTTP status, the refused connection or the break
     */
    public Transfer resume(URI url, Path part, String label) {
        Transfer transfer = download(url, part, size(part), label, true);
        if (transfer.restart()) {
            progress.note(label, "starting the download over");
            delete(part);
            transfer = download(url, part, 0, label, true);
            if (transfer.restart()) {
                throw new DownloadException("download of " + label + " from " + url + " ended at " + size(part)
                        + " bytes, not at the size the server announced; try again later");
            }
        }
        return transfer;
    }

    private Transfer download(URI url, Path part, long offset, String label, boolean restartWhenUnsatisfiable) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMinutes(10))
                .header("User-Agent", "lacuna-bench");
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.ConnectException e) {
            throw new DownloadException("cannot download " + label + ": the connection to " + url.getHost()
                    + (url.getPort() < 0 ? "" : ":" + url.getPort()) + " was refused (" + url + ")", e);
        } catch (IOException e) {
            throw new DownloadException("cannot download " + label + " from " + url + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("download of " + label + " was interrupted", e);
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (offset > 0 && status == 416) {
                return new Transfer(0, true, restartWhenUnsatisfiable);
            }
            long start;
            long total;
            if (offset > 0 && status == 206) {
                Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                if (!range.matches() || Long.parseLong(range.group(1)) != offset) {
                    return new Transfer(0, false, true);
                }
                start = offset;
                total = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
                progress.note(label, "resuming at byte " + offset);
            } else if (status == 200) {
                start = 0;
                total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            } else {
                throw new DownloadException("cannot download " + label + ": " + url + " answered HTTP " + status);
            }
            long written = copy(body, part, start, total, label);
            return new Transfer(written, start > 0, total >= 0 && start + written != total);
        } catch (IOException e) {
            throw new DownloadException("download of " + label + " from " + url + " broke off after " + size(part)
                    + " bytes (" + reason(e) + "); run the command again to resume it", e);
        }
    }

    private long copy(InputStream body, Path part, long start, long total, String label) throws IOException {
        StandardOpenOption mode = start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long done = start;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            progress.advanced(label, done, total);
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                done += n;
                progress.advanced(label, done, total);
            }
        }
        return done - start;
    }

    /** An exception's message, or its kind where it has none (the HTTP client's often have none). */
    private static String reason(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Lower-case hex sha256 of a file's bytes. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new DownloadException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new DownloadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DownloadException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DownloadException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static URI withTrailingSlash(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? url : URI.create(text + "/");
    }
}
