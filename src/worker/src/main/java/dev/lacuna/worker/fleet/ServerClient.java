package dev.lacuna.worker.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The worker's side of the server's worker API ({@code /api/worker/...}, docs/platform.md), over HTTP with the
 * worker's bearer token. A refused heartbeat or result (409: the job was given to another attempt, or cancelled)
 * is an answer, not an error; anything else unexpected is an {@link IOException} naming the call and the status.
 */
public final class ServerClient {

    /** A claimed job: its id, the attempt this worker holds, the task and the lease it has. */
    public record Claim(long jobId, int attempt, String type, JsonNode task, int leaseSeconds) {
    }

    /** What the server answered a heartbeat: keep going (with a lease of so many seconds), or stop. */
    public record Beat(boolean accepted, boolean cancelled, int leaseSeconds, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ServerClient(URI server, String token) {
        String base = server.toString();
        this.server = URI.create(base.endsWith("/") ? base : base + "/");
        this.token = token;
    }

    public Optional<Claim> claim(String worker, String device, Duration wait) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("worker", worker).put("device", device);
        HttpResponse<String> r = post("api/worker/claim?wait=" + wait.toSeconds(), body);
        if (r.statusCode() == 204) {
            return Optional.empty();
        }
        JsonNode n = expect(r, 200, "claim a job");
        return Optional.of(new Claim(n.path("job_id").asLong(), n.path("attempt").asInt(), n.path("type").asText(), n.path("task"),
                n.path("lease_seconds").asInt()));
    }

    public Beat heartbeat(long job, int attempt, TaskProgress.Reading progress, Double etaSeconds)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("attempt", attempt);
        if (progress != null) {
            body.put("stage", progress.stage()).put("done", progress.done()).put("total", progress.total())
                    .put("fraction", progress.fraction());
        }
        if (etaSeconds != null) {
            body.put("eta_seconds", etaSeconds);
        }
        HttpResponse<String> r = post("api/worker/jobs/" + job + "/heartbeat", body);
        if (r.statusCode() == 409) {
            return new Beat(false, false, 0, detail(r));
        }
        JsonNode n = expect(r, 200, "heartbeat job " + job);
        return new Beat(true, n.path("cancelled").asBoolean(), n.path("lease_seconds").asInt(), null);
    }

    /** Hands back an outcome; false when the server refused it as coming from a superseded attempt. */
    public boolean complete(long job, int attempt, JsonNode outcome) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("attempt", attempt);
        body.set("outcome", outcome);
        HttpResponse<String> r = post("api/worker/jobs/" + job + "/result", body);
        if (r.statusCode() == 409) {
            return false;
        }
        expect(r, 200, "hand back the outcome of job " + job);
        return true;
    }

    /**
     * Reports a failed attempt.
     *
     * @param pluginFault the plugin failed (the job fails for good); false: the platform did (the job may run again)
     */
    public boolean fail(long job, int attempt, String reason, String logTail, boolean pluginFault)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("attempt", attempt).put("reason", reason).put("log_tail", logTail)
                .put("plugin_fault", pluginFault);
        HttpResponse<String> r = post("api/worker/jobs/" + job + "/failure", body);
        if (r.statusCode() == 409) {
            return false;
        }
        expect(r, 200, "report the failure of job " + job);
        return true;
    }

    /** Downloads a plugin JAR to {@code target} (atomically). */
    public void downloadJar(String sha256, Path target) throws IOException, InterruptedException {
        if (!download("api/worker/jars/" + sha256, target, "plugin JAR " + sha256)) {
            throw new IOException("download plugin JAR " + sha256 + ": the server has no such JAR");
        }
    }

    /** Downloads one file of a testbed the server publishes; false when it has no such testbed. */
    public boolean downloadTestbedFile(String hash, String file, Path target) throws IOException, InterruptedException {
        return download("api/worker/testbeds/" + hash + "/" + file, target, "testbed file " + hash + "/" + file);
    }

    /** Downloads to a side file, then moves it into place; false on 404, nothing left behind on any failure. */
    private boolean download(String path, Path target, String what) throws IOException, InterruptedException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<Path> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofFile(partial));
        if (r.statusCode() != 200) {
            Files.deleteIfExists(partial);
            if (r.statusCode() == 404) {
                return false;
            }
            throw new IOException("download " + what + ": the server answered " + r.statusCode());
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private HttpResponse<String> post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.resolve(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
    }

    private static JsonNode expect(HttpResponse<String> r, int status, String what) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException(what + ": the server answered " + r.statusCode() + " (" + detail(r) + ")");
        }
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    /** The problem's detail (RFC 7807), or the body. */
    private static String detail(HttpResponse<String> r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n != null && n.hasNonNull("detail")) {
                return n.get("detail").asText();
            }
        } catch (IOException ignored) {
            // not JSON: the body itself says what happened
        }
        String body = r.body() == null ? "" : r.body().strip();
        return body.length() > 300 ? body.substring(0, 300) + " [...]" : body;
    }
}
