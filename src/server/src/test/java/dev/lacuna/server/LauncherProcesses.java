package dev.lacuna.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** What the launcher tests do with a {@code ./lacuna serve} process: wait until it is healthy, ask it, stop it. */
public final class LauncherProcesses {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LauncherProcesses() {
    }

    public static void awaitHealthy(int port, Process server, Path logs, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            assertThat(server.isAlive()).as("server process alive; logs in %s", logs).isTrue();
            try {
                HttpResponse<String> health = get(port, "/q/health");
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            }
            Thread.sleep(500);
        }
        throw new AssertionError("server on port " + port + " not healthy within " + limit.toSeconds() + " s; logs in " + logs);
    }

    /** SIGTERM, as a user's Ctrl-C; forcibly after a minute. */
    public static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
