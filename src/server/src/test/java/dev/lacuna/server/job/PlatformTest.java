package dev.lacuna.server.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.server.PostgresTestResource;
import dev.lacuna.server.TestFiles;
import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.service.TokenService;
import dev.lacuna.server.submission.TestJars;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform end to end, against a real PostgreSQL and real worker processes ({@code lacuna worker}, the command
 * line's JAR, each job in a child with its plugin in the sandbox): an upload becomes jobs that workers claim over HTTP,
 * and the published result holds the numbers {@code ./lacuna evaluate} gives for the same inputs; a worker killed
 * outright loses its job only until its lease expires, and its late result is refused; a killed sandbox fails its
 * attempt with a reason while the worker goes on. Short schedules (one seed, three alphas, one calibration probe)
 * keep it to minutes; the settings are recorded in the result, so the comparison is exact.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@TestProfile(PlatformTest.Short.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformTest {

    /** Platform settings for a run of minutes, and leases short enough to expire within the test. */
    public static class Short implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lacuna.platform.lease-seconds", "6", "lacuna.platform.default-seeds", "7",
                    "lacuna.platform.alphas", "3", "lacuna.platform.permutations", "50",
                    "lacuna.platform.schedule", "1,8", "lacuna.platform.calibration-grid", "0,0",
                    "lacuna.platform.local-worker", "false", "lacuna.platform.concurrent-evaluations", "10");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CLI_JAR = Path.of(System.getProperty("test.cli.jar", "../cli/target/lacuna-cli.jar"));
    private static final Duration EVALUATION = Duration.ofMinutes(10);

    @Inject
    TokenService tokens;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private static Path workerHome;
    private static Path scratch;
    private final List<Process> workers = new ArrayList<>();

    @BeforeAll
    static void workerHomeWithThePublishedTestbed() throws IOException {
        scratch = Files.createTempDirectory("lacuna-platform-test");
        workerHome = scratch.resolve("worker-home");
        Path published = Path.of(System.getProperty("test.published.dir", "../../leaderboard")).resolve("testbeds");
        Path seven = null;
        try (Stream<Path> folders = Files.list(published)) {
            for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("manifest.json"))).toList()) {
                JsonNode m = JSON.readTree(folder.resolve("manifest.json").toFile());
                if (m.path("data").asText().equals("synthetic") && m.path("model").asText().equals("tiny")
                        && m.path("mask_seed").asLong() == 7) {
                    seven = folder;
                }
            }
        }
        assertThat(seven).as("the published synthetic/tiny testbed of mask seed 7").isNotNull();
        copy(seven, workerHome.resolve("testbeds").resolve(seven.getFileName().toString()));
    }

    @AfterEach
    void stopWorkers() {
        for (Process p : workers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        workers.clear();
    }

    @AfterAll
    static void clean() {
        TestFiles.deleteRecursively(scratch);
    }

    @Test
    @Order(1)
    void theSlurmScriptRunsOneWorkerThatExitsOnAnEmptyQueue() throws Exception {
        String worker = tokens.create("platform-worker", "w@example.org", Role.WORKER).token();
        Path script = Path.of(System.getProperty("test.published.dir", "../../leaderboard")).resolveSibling("docker")
                .resolve("slurm").resolve("lacuna-worker.sbatch");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        builder.environment().put("LACUNA_SERVER", "http://localhost:" + port);
        builder.environment().put("LACUNA_TOKEN", worker);
        builder.environment().put("LACUNA_HOME", workerHome.toString());
        builder.environment().put("LACUNA_DEVICE", "cpu");
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("no job waiting");
        builder.environment().remove("LACUNA_TOKEN");
        Process without = builder.start();
        String refused = new String(without.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(without.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(without.exitValue()).isNotZero();
        assertThat(refused).contains("LACUNA_TOKEN");
    }

    @Test
    @Order(2)
    void anUploadRunsOnTwoWorkersAndGivesTheNumbersOfEvaluate() throws Exception {
        String submitter = tokens.create("platform-submitter", "s@example.org", Role.SUBMITTER).token();
        String worker = tokens.create("platform-worker", "w@example.org", Role.WORKER).token();
        Path jar = TestJars.built("ga-objective");
        String id = given().header("Authorization", "Bearer " + submitter).multiPart("jar", jar.toFile())
                .post("/api/submissions").then().statusCode(201).extract().path("id");
        long evaluation = evaluationOf(id);
        startWorker(worker, "w1");
        startWorker(worker, "w2");
        JsonNode done = awaitEvaluation(evaluation);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("steps_done").asInt()).isEqualTo(5).isEqualTo(done.path("steps_total").asInt());
        for (JsonNode job : done.path("jobs")) {
            assertThat(job.path("state").asText()).isEqualTo("done");
            // a step whose task ran before (the testbed, in an earlier test) takes the stored outcome: no attempt
            assertThat(job.path("attempt").asInt()).as(job.path("step").asText()).isEqualTo(job.path("reused").asBoolean() ? 0 : 1);
        }
        assertThat(stepsOf(done)).containsExactly("testbed/7", "calibration", "sweep/7/oracle", "sweep/7/random", "sweep/7/unconstrained");
        String body = given().get(done.path("result_url").asText()).then().statusCode(200).extract().asString();
        ObjectiveResult platform = (ObjectiveResult) ResultCodec.read(body);

        Path out = scratch.resolve("evaluate.json");
        Process cli = new ProcessBuilder(java(), "-Dai.djl.offline=true", "-jar", CLI_JAR.toString(), "evaluate", "--plugin", jar.toString(),
                "--testbed", "synthetic/tiny", "--seeds", "7", "--alphas", "3", "--permutations", "50", "--schedule", "1,8",
                "--calibration-grid", "0,0", "--home", workerHome.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(scratch.resolve("evaluate.log").toFile()).start();
        assertThat(cli.waitFor(EVALUATION.toMinutes(), TimeUnit.MINUTES)).isTrue();
        assertThat(cli.exitValue()).as(Files.readString(scratch.resolve("evaluate.log"))).isZero();
        ObjectiveResult local = (ObjectiveResult) ResultCodec.read(Files.readString(out));
        assertThat(platform.perSeed()).as("every run, curve point by curve point").isEqualTo(local.perSeed());
        assertThat(platform.summary()).isEqualTo(local.summary());
        assertThat(platform.calibration()).isEqualTo(local.calibration());
        assertThat(platform.settings()).isEqualTo(local.settings());
        assertThat(platform.testbedHash()).isEqualTo(local.testbedHash());
        assertThat(platform.sandboxed()).isTrue();

        given().get("/api/leaderboard?kind=objective&testbed=synthetic/tiny").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("ga-objective"));
    }

    @Test
    @Order(3)
    void aWorkerKilledMidSweepLosesItsJobOnlyUntilTheLeaseExpiresAndItsLateResultIsRefused() throws Exception {
        String submitter = tokens.create("platform-submitter", "s@example.org", Role.SUBMITTER).token();
        String worker = tokens.create("platform-worker", "w@example.org", Role.WORKER).token();
        String id = given().header("Authorization", "Bearer " + submitter).multiPart("jar", TestJars.built("wga-objective").toFile())
                .post("/api/submissions").then().statusCode(201).extract().path("id");
        long evaluation = evaluationOf(id);
        Process first = startWorker(worker, "doomed");
        JsonNode sweep = await(() -> running(evaluation, "sweep/"), Duration.ofMinutes(8), "a running sweep");
        long job = sweep.path("id").asLong();
        List<ProcessHandle> children = first.descendants().toList();
        first.destroyForcibly();
        first.waitFor();
        for (ProcessHandle child : children) {
            child.onExit().get(30, TimeUnit.SECONDS);
        }
        startWorker(worker, "survivor");
        JsonNode done = awaitEvaluation(evaluation);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        JsonNode rerun = given().get("/api/jobs/" + job).then().statusCode(200).extract().as(JsonNode.class);
        assertThat(rerun.path("attempt").asInt()).isEqualTo(2);
        assertThat(rerun.path("worker").asText()).isEqualTo("survivor");
        assertThat(rerun.path("state").asText()).isEqualTo("done");
        assertThat(rerun.path("reason").asText()).contains("attempt 1 lost its lease").contains("doomed");
        String outcome = "{\"attempt\": 1, \"outcome\": {\"lacuna_outcome\": 1}}";
        given().header("Authorization", "Bearer " + worker).contentType("application/json").body(outcome)
                .post("/api/worker/jobs/" + job + "/result").then().statusCode(409)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("superseded"));
        given().header("Authorization", "Bearer " + worker).contentType("application/json").body("{\"attempt\": 1}")
                .post("/api/worker/jobs/" + job + "/heartbeat").then().statusCode(409);
        given().header("Authorization", "Bearer " + worker).contentType("application/json").body("{\"attempt\": 2}")
                .post("/api/worker/jobs/" + job + "/result").then().statusCode(422);
    }

    @Test
    @Order(4)
    void aKilledSandboxFailsItsAttemptWithAReasonAndTheWorkerGoesOn() throws Exception {
        String submitter = tokens.create("platform-submitter", "s@example.org", Role.SUBMITTER).token();
        String worker = tokens.create("platform-worker", "w@example.org", Role.WORKER).token();
        String id = given().header("Authorization", "Bearer " + submitter).multiPart("jar", TestJars.built("npo-objective").toFile())
                .post("/api/submissions").then().statusCode(201).extract().path("id");
        long evaluation = evaluationOf(id);
        Process process = startWorker(worker, "steady");
        // the first sandbox under this worker is the calibration's: the testbed step is reused and no sweep starts
        // before the calibration ends; watched closely, since a calibration of one probe can be over in seconds
        ProcessHandle sandbox = awaitFirstSandbox(process, evaluation);
        sandbox.destroyForcibly();
        JsonNode job = stepOf(evaluation, "calibration");
        JsonNode failed = await(() -> {
            JsonNode j = given().get("/api/jobs/" + job.path("id").asLong()).then().extract().as(JsonNode.class);
            return j.path("state").asText().equals("running") ? Optional.empty() : Optional.of(j);
        }, Duration.ofMinutes(3), "the attempt's end");
        assertThat(failed.path("state").asText()).isEqualTo("failed");
        assertThat(failed.path("reason").asText()).as("a specific reason").contains("killed (SIGKILL)").contains("outside the harness")
                .doesNotContain("Exception");
        assertThat(failed.path("log_tail").asText()).doesNotContain(worker);
        JsonNode e = awaitEvaluation(evaluation);
        assertThat(e.path("state").asText()).isEqualTo("failed");
        assertThat(e.path("reason").asText()).contains("calibration");
        Thread.sleep(3000);
        assertThat(process.isAlive()).as("the worker goes on").isTrue();
    }

    @Test
    @Order(5)
    void submitFollowsTheEvaluationToItsResultWhileItsEventsStreamEveryChange() throws Exception {
        String submitter = tokens.create("platform-submitter", "s@example.org", Role.SUBMITTER).token();
        String worker = tokens.create("platform-worker", "w@example.org", Role.WORKER).token();
        Path jar = TestJars.built("rmu-objective");
        Process upload = submit(submitter, jar, "--no-wait");
        String printed = new String(upload.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(upload.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(upload.exitValue()).as(printed).isZero();
        String id = printed.substring(printed.lastIndexOf('/') + 1);
        assertThat(printed).isEqualTo("http://localhost:" + port + "/submissions/" + id);
        long evaluation = evaluationOf(id);

        java.util.concurrent.CompletableFuture<String> events = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                given().accept("text/event-stream").get("/api/evaluations/" + evaluation + "/events").then().statusCode(200)
                        .extract().asString());
        startWorker(worker, "streamed");
        Process follow = submit(submitter, jar);
        String followed = new String(follow.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(follow.waitFor(EVALUATION.toMinutes(), TimeUnit.MINUTES)).isTrue();
        assertThat(follow.exitValue()).as(followed).isZero();
        assertThat(followed).contains("submitted before: submission " + id).contains("steps done").contains("running")
                .contains("/api/results/");

        List<JsonNode> states = new ArrayList<>();
        for (String line : events.get(2, TimeUnit.MINUTES).split("\n")) {
            if (line.startsWith("data:")) {
                states.add(JSON.readTree(line.substring("data:".length())));
            }
        }
        assertThat(states.size()).as("an event per change").isGreaterThanOrEqualTo(3);
        assertThat(states.get(states.size() - 1).path("state").asText()).as("the last event shows it finished").isEqualTo("done");
        for (int i = 1; i < states.size(); i++) {
            assertThat(states.get(i).path("steps_done").asInt()).as("progress never moves back")
                    .isGreaterThanOrEqualTo(states.get(i - 1).path("steps_done").asInt());
            assertThat(states.get(i)).as("only changes are sent").isNotEqualTo(states.get(i - 1));
        }
    }

    @Test
    @Order(6)
    void aWaitingClaimGetsTheFirstJobAsSoonAsItIsQueuedAndAWorkerThatLeftClaimsNothing() throws Exception {
        String submitter = tokens.create("platform-submitter", "s@example.org", Role.SUBMITTER).token();
        String worker = tokens.create("platform-worker", "w@example.org", Role.WORKER).token();
        String admin = tokens.create("platform-admin", "a@example.org", Role.ADMIN).token();
        String body = "{\"worker\":\"%s\",\"device\":\"cpu\"}";

        long asked = System.nanoTime();
        given().header("Authorization", "Bearer " + worker).contentType("application/json").body(body.formatted("idle"))
                .post("/api/worker/claim?wait=2").then().statusCode(204);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("an empty queue answers after the wait")
                .isBetween(Duration.ofMillis(1900), Duration.ofSeconds(8));
        given().header("Authorization", "Bearer " + worker).contentType("application/json").body(body.formatted("idle"))
                .post("/api/worker/claim?wait=-1").then().statusCode(400);

        // a worker that asks to wait, then goes away before any job is queued
        try (java.net.Socket ghost = new java.net.Socket("localhost", port)) {
            String request = body.formatted("ghost");
            ghost.getOutputStream().write(("POST /api/worker/claim?wait=20 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + worker + "\r\nContent-Type: application/json\r\nContent-Length: " + request.length() + "\r\n\r\n" + request)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ghost.getOutputStream().flush();
            Thread.sleep(500);
        }
        java.util.concurrent.CompletableFuture<io.restassured.response.Response> waiting = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> given().header("Authorization", "Bearer " + worker).contentType("application/json")
                        .body(body.formatted("live")).post("/api/worker/claim?wait=20"));
        Thread.sleep(1000);
        String id = given().header("Authorization", "Bearer " + submitter).multiPart("jar", withNonce(TestJars.built("wga-objective")).toFile())
                .post("/api/submissions").then().statusCode(201).extract().path("id");
        long queued = System.nanoTime();
        long evaluation = evaluationOf(id);
        io.restassured.response.Response claim = waiting.get(30, TimeUnit.SECONDS);
        Duration latency = Duration.ofNanos(System.nanoTime() - queued);
        assertThat(claim.statusCode()).as(claim.asString()).isEqualTo(200);
        assertThat(latency).as("the waiting claim answered when the upload queued its first job, not at the end of its 20 s")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(claim.jsonPath().getInt("attempt")).as("first attempt: nobody held the job before").isEqualTo(1);
        JsonNode e = given().get("/api/evaluations/" + evaluation).then().statusCode(200).extract().as(JsonNode.class);
        for (JsonNode job : e.path("jobs")) {
            assertThat(job.path("worker").asText()).as("no job leased to the worker that left: %s", e).isNotEqualTo("ghost");
        }
        given().header("Authorization", "Bearer " + admin).post("/api/evaluations/" + evaluation + "/cancel").then().statusCode(200);
    }

    /** A copy of a plugin JAR with one more entry: new bytes (a new submission), the same plugin. */
    private static Path withNonce(Path jar) throws IOException {
        Path copy = scratch.resolve("nonce-" + jar.getFileName());
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(jar));
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(copy))) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new java.util.zip.ZipEntry("nonce.txt"));
            out.write("platform test".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return copy;
    }

    private Process submit(String token, Path jar, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", CLI_JAR.toString(), "submit", jar.toString(), "--server",
                "http://localhost:" + port, "--poll-seconds", "1"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LACUNA_TOKEN", token);
        return builder.start();
    }

    private static List<String> stepsOf(JsonNode evaluation) {
        List<String> steps = new ArrayList<>();
        evaluation.path("jobs").forEach(j -> steps.add(j.path("step").asText()));
        return steps;
    }

    private static long evaluationOf(String submission) {
        JsonNode list = given().get("/api/evaluations?submission=" + submission).then().statusCode(200).extract().as(JsonNode.class);
        assertThat(list.size()).as("one evaluation started for the upload").isEqualTo(1);
        return list.get(0).path("id").asLong();
    }

    private static Optional<JsonNode> running(long evaluation, String stepPrefix) {
        JsonNode e = given().get("/api/evaluations/" + evaluation).then().statusCode(200).extract().as(JsonNode.class);
        for (JsonNode job : e.path("jobs")) {
            if (job.path("state").asText().equals("running") && job.path("step").asText().startsWith(stepPrefix)
                    && job.path("progress_total").asInt() > 0) {
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }

    private static JsonNode stepOf(long evaluation, String step) {
        JsonNode e = given().get("/api/evaluations/" + evaluation).then().statusCode(200).extract().as(JsonNode.class);
        for (JsonNode job : e.path("jobs")) {
            if (job.path("step").asText().equals(step)) {
                return job;
            }
        }
        throw new AssertionError("evaluation " + evaluation + " has no step " + step + ": " + e);
    }

    /**
     * The first sandboxed plugin process to appear under {@code worker}, looked for every 20 ms; fails at once,
     * with the evaluation, if the evaluation ends before one is seen.
     */
    private static ProcessHandle awaitFirstSandbox(Process worker, long evaluation) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        for (int look = 0; System.nanoTime() < end; look++) {
            Optional<ProcessHandle> sandbox = sandboxOf(worker);
            if (sandbox.isPresent()) {
                return sandbox.get();
            }
            if (look % 100 == 0) {
                JsonNode e = given().get("/api/evaluations/" + evaluation).then().statusCode(200).extract().as(JsonNode.class);
                assertThat(e.path("state").asText()).as("no sandbox was seen under the worker before the evaluation ended: %s", e)
                        .isNotIn("done", "failed", "cancelled");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for a sandbox under the worker");
    }

    /** The sandboxed plugin process under a worker, if one runs. */
    private static Optional<ProcessHandle> sandboxOf(Process worker) {
        return worker.descendants().filter(p -> p.info().commandLine().orElse("").contains("SandboxChild")
                && !p.info().commandLine().orElse("").contains("bwrap")).findFirst();
    }

    private static JsonNode awaitEvaluation(long evaluation) throws InterruptedException {
        return await(() -> {
            JsonNode e = given().get("/api/evaluations/" + evaluation).then().statusCode(200).extract().as(JsonNode.class);
            String state = e.path("state").asText();
            return state.equals("done") || state.equals("failed") || state.equals("cancelled") ? Optional.of(e) : Optional.empty();
        }, EVALUATION, "evaluation " + evaluation + " to finish");
    }

    private static JsonNode await(Supplier<Optional<JsonNode>> check, Duration limit, String what) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            Optional<JsonNode> found = check.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private Process startWorker(String token, String name) throws IOException {
        assertThat(CLI_JAR).as("the command line's JAR; build the reactor first").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(java(), "-Dai.djl.offline=true", "-jar", CLI_JAR.toString(), "worker", "--server",
                "http://localhost:" + port, "--name", name, "--home", workerHome.toString(), "--idle-seconds", "1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(scratch.resolve(name + ".log").toFile()));
        builder.environment().put("LACUNA_TOKEN", token);
        Process p = builder.start();
        workers.add(p);
        return p;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
