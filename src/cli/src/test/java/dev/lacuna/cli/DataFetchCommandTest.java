package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetchCommandTest {

    private static final String LUME_PREFIX =
            "/amazon-science/lume-llm-unlearning/b2fa8f9c567715f1e2c6d442213f33b2e9a28fe6/";

    private HttpServer server;
    private String baseUrl;

    @BeforeEach
    void serveLume(@TempDir Path empty) throws IOException {
        Path lume = sharedLume().orElse(empty);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String name = path.startsWith(LUME_PREFIX) ? path.substring(LUME_PREFIX.length()).replace("data/", "") : "";
            Path file = lume.resolve(name);
            if (name.isEmpty() || name.contains("/") || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + LUME_PREFIX;
    }

    /** LUME as the product reads it: {@code LACUNA_DATA_DIR}, else the build's {@code lacuna.shared.data}. */
    private static java.util.Optional<Path> sharedLume() {
        String configured = System.getenv("LACUNA_DATA_DIR");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("lacuna.shared.data");
        }
        return configured == null || !Files.isDirectory(Path.of(configured, "lume")) ? java.util.Optional.empty()
                : java.util.Optional.of(Path.of(configured, "lume"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void fetchDownloadsLumeFromTheGivenBaseUrlAndMakesItUsable(@TempDir Path dir) {
        if (sharedLume().isEmpty()) {
            String required = System.getenv("LACUNA_REQUIRE_DATA");
            assertThat(required == null || required.isBlank() || required.equals("0") || required.equalsIgnoreCase("false"))
                    .as("LACUNA_REQUIRE_DATA is set but there is no LUME data to serve").isTrue();
            assumeTrue(false, "no LUME data to serve (LACUNA_DATA_DIR or lacuna.shared.data)");
        }
        int exit = LacunaCli.execute("data", "fetch", "lume", "--data-dir", dir.toString(),
                "--base-url", "lume-github=" + baseUrl);

        assertThat(exit).isZero();
        assertThat(dir.resolve("lume/forget.jsonl")).exists();
        assertThat(dir.resolve("lume/NOTICE")).exists();
        assertThat(LacunaCli.execute("data", "fetch", "lume", "--data-dir", dir.toString(),
                "--base-url", "lume-github=" + baseUrl)).isZero();
    }

    @Test
    void aDownloadFailureExitsWithOne(@TempDir Path dir) {
        int exit = LacunaCli.execute("data", "fetch", "lume", "--data-dir", dir.toString(),
                "--base-url", "lume-github=" + baseUrl + "missing/");

        assertThat(exit).isEqualTo(1);
    }

    @Test
    void unknownDataSetsAndSourcesAreUsageErrors(@TempDir Path dir) {
        assertThat(LacunaCli.execute("data", "fetch", "wiki", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(LacunaCli.execute("data", "fetch", "synthetic", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(LacunaCli.execute("data", "fetch", "lume", "--data-dir", dir.toString(),
                "--base-url", "s3=http://example.org/")).isEqualTo(2);
    }
}
