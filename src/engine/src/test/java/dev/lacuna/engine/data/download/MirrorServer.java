package dev.lacuna.engine.data.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server that serves a data directory in the URL layout of the public hosts, honours
 * {@code Range: bytes=N-} like they do, and can be told to corrupt a file or to ignore ranges.
 */
final class MirrorServer implements AutoCloseable {

    /** One request as received: path and Range header (or null). */
    record Request(String path, String range) {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final Map<String, String> LAYOUT = Map.of(
            "/datasets/locuslab/TOFU/resolve/main/", "tofu/",
            "/locuslab/tofu/bdc209ea7c6cc2e7079ea1afb6468d3ddcc65f8e/data/", "tofu/",
            "/locuslab/tofu/bdc209ea7c6cc2e7079ea1afb6468d3ddcc65f8e/", "tofu/",
            "/amazon-science/lume-llm-unlearning/b2fa8f9c567715f1e2c6d442213f33b2e9a28fe6/data/", "lume/",
            "/amazon-science/lume-llm-unlearning/b2fa8f9c567715f1e2c6d442213f33b2e9a28fe6/", "lume/");

    private final Path dataDirectory;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> overrides = new ConcurrentHashMap<>();
    private volatile boolean ignoreRanges;

    MirrorServer(Path dataDirectory) throws IOException {
        this.dataDirectory = dataDirectory;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Base URLs that point every source at this server. */
    Map<DataSource, URI> baseUrls() {
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                DataSource.TOFU_HUGGING_FACE, URI.create(root + "/datasets/locuslab/TOFU/resolve/main/"),
                DataSource.TOFU_GITHUB, URI.create(root + "/locuslab/tofu/bdc209ea7c6cc2e7079ea1afb6468d3ddcc65f8e/"),
                DataSource.LUME_GITHUB, URI.create(root
                        + "/amazon-science/lume-llm-unlearning/b2fa8f9c567715f1e2c6d442213f33b2e9a28fe6/"));
    }

    /** Serve other bytes for a file, given as {@code tofu/name}. */
    void corrupt(String file, byte[] bytes) {
        overrides.put(file, bytes);
    }

    void ignoreRanges() {
        ignoreRanges = true;
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(new Request(path, range));
        byte[] body = resolve(path);
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        Matcher matcher = range == null || ignoreRanges ? null : RANGE.matcher(range);
        if (matcher != null && matcher.matches()) {
            int from = Integer.parseInt(matcher.group(1));
            if (from >= body.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            send(exchange, 206, java.util.Arrays.copyOfRange(body, from, body.length));
        } else {
            send(exchange, 200, body);
        }
    }

    private byte[] resolve(String path) throws IOException {
        String best = null;
        for (String prefix : LAYOUT.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            return null;
        }
        String relative = LAYOUT.get(best) + path.substring(best.length());
        if (relative.contains("..") || relative.substring(5).contains("/")) {
            return null;
        }
        if (overrides.containsKey(relative)) {
            return overrides.get(relative);
        }
        Path file = dataDirectory.resolve(relative);
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
