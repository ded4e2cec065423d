package dev.lacuna.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A list of published testbed archives ({@code testbeds.json}), so that a machine can fetch the exact testbeds
 * results were measured on instead of rebuilding them. Each entry's {@code url} is resolved against the
 * catalog's own location, so a folder holding the catalog and its archives can be moved or hosted anywhere
 * without rewriting it; a null {@code url} lists a testbed that nobody hosts.
 *
 * @param location where the catalog was read from (an http(s) or file URI), the base of relative urls
 */
record TestbedCatalog(URI location, List<Entry> testbeds) {

    /** The setting that names the default catalog, read in this one place. */
    static final String SETTING = "LACUNA_TESTBED_CATALOG";

    /**
     * One published testbed: its family ({@code data/model}), mask seed, content hash, id, and the archive's
     * size and sha256, which are checked before the import checks the testbed's own hashes.
     */
    record Entry(String family, @JsonProperty("mask_seed") long maskSeed, String hash, String id, long size, String sha256, String url) {

        /** The archive's location, resolved against the catalog's; empty when it is not hosted. */
        Optional<URI> archive(URI catalogLocation) {
            return url == null ? Optional.empty() : Optional.of(catalogLocation.resolve(url));
        }
    }

    /** A catalog that cannot be read or does not have the expected fields; the message says which. */
    static final class CatalogException extends RuntimeException {
        CatalogException(String message) {
            super(message);
        }
    }

    /** The catalog location given on the command line, else the {@value #SETTING} setting, else none. */
    static Optional<String> configured(String option) {
        if (option != null && !option.isBlank()) {
            return Optional.of(option);
        }
        String env = System.getenv(SETTING);
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
    }

    /** An http(s) URL as a URI, anything else as a local file. */
    static URI locate(String location) {
        return ArchiveDownload.isUrl(location) ? URI.create(location) : Path.of(location).toAbsolutePath().normalize().toUri();
    }

    /** Reads a catalog from an http(s) URL or a file. */
    static TestbedCatalog read(String location) {
        URI uri = locate(location);
        String text = "file".equals(uri.getScheme()) ? readFile(Path.of(uri)) : download(uri);
        try {
            return parse(uri, TestbedCommand.JSON.readTree(text));
        } catch (IOException e) {
            throw new CatalogException("the testbed catalog " + uri + " is not JSON: " + e.getMessage());
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CatalogException("cannot read the testbed catalog " + file + ": " + e.getMessage());
        }
    }

    private static String download(URI uri) {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).header("User-Agent", "lacuna-bench").build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new CatalogException("cannot read the testbed catalog: the connection to " + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + " was refused (" + uri + ")");
        } catch (IOException e) {
            throw new CatalogException("cannot read the testbed catalog " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("reading the testbed catalog " + uri + " was interrupted");
        }
        if (response.statusCode() != 200) {
            throw new CatalogException("cannot read the testbed catalog: " + uri + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** The catalog in a JSON tree; every field but {@code url} is required. */
    static TestbedCatalog parse(URI location, JsonNode root) {
        JsonNode array = root.path("testbeds");
        if (!array.isArray()) {
            throw new CatalogException("the testbed catalog " + location + " has no \"testbeds\" array");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : array) {
            for (String field : List.of("family", "mask_seed", "hash", "id", "size", "sha256", "url")) {
                if (!e.has(field)) {
                    throw new CatalogException("the testbed catalog " + location + " has an entry without \"" + field + "\": " + e);
                }
            }
            JsonNode url = e.get("url");
            if (!url.isNull()) {
                try {
                    location.resolve(url.asText());
                } catch (IllegalArgumentException bad) {
                    throw new CatalogException("the testbed catalog " + location + " has an entry whose url is not a URL: " + url);
                }
            }
            entries.add(new Entry(e.get("family").asText(), e.get("mask_seed").asLong(), e.get("hash").asText(),
                    e.get("id").asText(), e.get("size").asLong(), e.get("sha256").asText(), url.isNull() ? null : url.asText()));
        }
        return new TestbedCatalog(location, List.copyOf(entries));
    }

    /** The catalog as written to {@code testbeds.json}: the entries' fields in their declared order. */
    ObjectNode toJson() {
        ObjectNode root = TestbedCommand.JSON.createObjectNode();
        root.set("testbeds", TestbedCommand.JSON.valueToTree(testbeds));
        return root;
    }
}
