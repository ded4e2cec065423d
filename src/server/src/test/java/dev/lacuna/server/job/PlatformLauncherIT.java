package dev.lacuna.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.server.LauncherProcesses;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh {@code ./lacuna serve} with an empty home, as a new user starts it: it registers the built-in baselines,
 * its own worker evaluates them on the published synthetic/tiny testbed, the queue shows the progress meanwhile, a
 * restart in the middle loses nothing, and in the end every baseline has its result on the board. Short platform
 * settings (one seed, three alphas, one calibration probe, a short schedule) keep it to minutes.
 */
class PlatformLauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("lacuna.launcher", "../../lacuna"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHORT = "-Dlacuna.platform.default-seeds=7 -Dlacuna.platform.alphas=3 "
            + "-Dlacuna.platform.permutations=50 -Dlacuna.platform.schedule=1,8 -Dlacuna.platform.calibration-grid=0,0 "
            + "-Dlacuna.platform.lease-seconds=15";

    @TempDir
    Path home;

    @Test
    void aFreshServeEvaluatesTheBaselinesWithProgressMeanwhileAndARestartLosesNothing() throws Exception {
        int port = LauncherProcesses.freePort();
        Process first = serve(port);
        int baselines;
        try {
            LauncherProcesses.awaitHealthy(port, first, home, Duration.ofSeconds(180));
            JsonNode started = await(port, "/api/evaluations", list -> list.size() >= 9, Duration.ofMinutes(3));
            baselines = started.size();
            await(port, "/api/queue", q -> q.path("running").asLong() >= 1, Duration.ofMinutes(5));
            assertThat(LauncherProcesses.get(port, "/jobs").body()).as("progress on the queue page").contains("running");
            await(port, "/api/evaluations", list -> count(list, "done") >= 1 && count(list, "done") < list.size(),
                    Duration.ofMinutes(15));
        } finally {
            LauncherProcesses.stop(first);
        }
        Process second = serve(port);
        try {
            LauncherProcesses.awaitHealthy(port, second, home, Duration.ofSeconds(180));
            JsonNode finished = await(port, "/api/evaluations",
                    list -> count(list, "done") + count(list, "failed") + count(list, "cancelled") == list.size(), Duration.ofMinutes(30));
            assertThat(finished.size()).as("no evaluation started twice").isEqualTo(baselines);
            Set<String> results = new HashSet<>();
            for (JsonNode e : finished) {
                assertThat(e.path("state").asText()).as(e.toString()).isEqualTo("done");
                results.add(e.path("result_id").asText());
                for (JsonNode job : e.path("jobs")) {
                    assertThat(job.path("state").asText()).isEqualTo("done");
                    assertThat(job.path("attempt").asInt()).as("%s of evaluation %s", job.path("step"), e.path("id")).isLessThanOrEqualTo(2);
                }
            }
            assertThat(results).as("one result per evaluation").hasSize(baselines);
            String board = LauncherProcesses.get(port, "/?kind=objective&testbed=synthetic&model=tiny").body();
            assertThat(board).contains("ga-objective").contains("wga-objective").contains("dpo-objective");
            String localizers = LauncherProcesses.get(port, "/?kind=localizer&testbed=synthetic&model=tiny").body();
            assertThat(localizers).contains("random-localizer").contains("wagle-localizer");
        } finally {
            LauncherProcesses.stop(second);
        }
    }

    private static long count(JsonNode evaluations, String state) {
        long n = 0;
        for (JsonNode e : evaluations) {
            if (e.path("state").asText().equals(state)) {
                n++;
            }
        }
        return n;
    }

    private Process serve(int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve", "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("serve.log").toFile()));
        builder.environment().put("LACUNA_HOME", home.toString());
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        builder.environment().put("JAVA_OPTS", SHORT);
        return builder.start();
    }

    private JsonNode await(int port, String path, Predicate<JsonNode> done, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = LauncherProcesses.get(port, path);
            if (r.statusCode() == 200) {
                last = JSON.readTree(r.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("timed out on " + path + "; last answer " + last + "; logs in " + home + " ("
                + tail(home.resolve("local-worker.log")) + ")");
    }

    private static String tail(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "no worker log";
        }
        String text = Files.readString(log);
        return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
    }




}
