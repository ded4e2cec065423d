package dev.lacuna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna submit}: uploads a plugin JAR to a server and, unless told not to, follows its evaluation until it is
 * done: one line per change (steps done, what runs where, its ETA), then the result's address, or the reason it failed.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Upload a plugin JAR to a Lacuna server (POST /api/submissions) and follow its evaluation. Exit code 0 "
                + "when the evaluation is done (or with --no-wait once the upload is accepted), 1 when it failed."})
final class SubmitCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH.jar", description = "The plugin JAR.")
    Path jar;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The server, e.g. http://localhost:8080.")
    URI server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Your API token (default: $LACUNA_TOKEN).")
    String token;

    @Option(names = "--no-wait", description = "Print the submission's address and return without following the evaluation.")
    boolean noWait;

    @Option(names = "--poll-seconds", defaultValue = "2", paramLabel = "N", description = "How often to look at the progress (default 2).")
    int pollSeconds;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws IOException, InterruptedException {
        String secret = token != null ? token : System.getenv("LACUNA_TOKEN");
        if (secret == null || secret.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "submit needs a token: --token TOKEN or $LACUNA_TOKEN");
        }
        if (!Files.isRegularFile(jar)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + jar);
        }
        if (pollSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--poll-seconds must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI base = URI.create(server.toString().endsWith("/") ? server.toString() : server + "/");
        String boundary = "lacuna-" + UUID.randomUUID();
        HttpRequest upload = HttpRequest.newBuilder(base.resolve("api/submissions")).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, jar))).build();
        HttpResponse<String> response = http.send(upload, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            err.println("lacuna: upload refused (" + response.statusCode() + "): " + detail(response.body())
                    + response.headers().firstValue("Retry-After").map(s -> "; retry after " + s + " s").orElse(""));
            err.flush();
            return 1;
        }
        JsonNode receipt = JSON.readTree(response.body());
        String id = receipt.path("id").asText();
        out.println(base.resolve(receipt.path("url").asText("submissions/" + id).replaceFirst("^/", "")));
        out.flush();
        if (receipt.path("duplicate").asBoolean()) {
            err.println("lacuna: this JAR was submitted before: submission " + id);
        }
        if (noWait) {
            return 0;
        }
        return follow(base, id, err, out);
    }

    /** Follows the submission's latest evaluation to its end. */
    private int follow(URI base, String id, PrintWriter err, PrintWriter out) throws IOException, InterruptedException {
        String last = "";
        while (true) {
            JsonNode list = get(base.resolve("api/evaluations?submission=" + id));
            if (list.isArray() && !list.isEmpty()) {
                JsonNode e = list.get(list.size() - 1);
                String state = e.path("state").asText();
                String line = describe(e);
                if (!line.equals(last)) {
                    err.println("lacuna: " + line);
                    err.flush();
                    last = line;
                }
                if (state.equals("done")) {
                    out.println(base.resolve(e.path("result_url").asText().replaceFirst("^/", "")));
                    out.flush();
                    return 0;
                }
                if (state.equals("failed") || state.equals("cancelled")) {
                    err.println("lacuna: evaluation " + state + ": " + e.path("reason").asText());
                    err.flush();
                    return 1;
                }
            }
            Thread.sleep(pollSeconds * 1000L);
        }
    }

    /** "evaluation 12 running, 3/7 steps done; sweep/7/oracle on w1: mixing oracle 4/21, ETA 2 min". */
    static String describe(JsonNode e) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "evaluation %d %s, %d/%d steps done", e.path("id").asLong(),
                e.path("state").asText(), e.path("steps_done").asInt(), e.path("steps_total").asInt()));
        for (JsonNode job : e.path("jobs")) {
            if (job.path("state").asText().equals("running")) {
                line.append("; ").append(job.path("step").asText()).append(" on ").append(job.path("worker").asText());
                if (job.hasNonNull("stage")) {
                    line.append(": ").append(job.path("stage").asText());
                }
                if (job.hasNonNull("progress_total")) {
                    line.append(' ').append(job.path("progress_done").asInt()).append('/').append(job.path("progress_total").asInt());
                }
                if (job.hasNonNull("eta_seconds")) {
                    line.append(String.format(Locale.ROOT, ", ETA %.0f s", job.path("eta_seconds").asDouble()));
                }
            }
        }
        return line.toString();
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + ": " + r.statusCode() + " " + detail(r.body()));
        }
        return JSON.readTree(r.body());
    }

    private static byte[] multipart(String boundary, Path jar) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"jar\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n";
        body.write(head.getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static String detail(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("detail")) {
                return n.get("detail").asText();
            }
        } catch (IOException ignored) {
            // not problem JSON: the body says it
        }
        return body == null ? "" : body.strip();
    }
}
