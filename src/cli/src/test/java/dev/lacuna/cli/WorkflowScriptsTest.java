package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts of the pull-request workflows ({@code .github/scripts/}), run as the workflows run them, outside GitHub:
 * on a copy of this working tree made into a git repository with a new submission on top, and against a local HTTP
 * server that answers the few GitHub API calls of the comment script as GitHub does.
 */
class WorkflowScriptsTest {

    private static final Path ROOT = Path.of(System.getProperty("test.repository.dir", "../..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "<!-- lacuna-bench:evaluation -->";
    private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path temp;

    private HttpServer github;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> writes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTheServer() {
        if (github != null) {
            github.stop(0);
        }
    }

    /**
     * What a merge runs: the new submission is built, validated and evaluated (one seed and a short schedule here, in
     * the sandbox), and its result and testbed manifest join a leaderboard that then indexes and verifies. The
     * comment's text is the report of that result.
     */
    @Test
    void aMergedSubmissionIsBuiltEvaluatedAndPublishedOnAVerifiedLeaderboard() throws Exception {
        Path repo = copyOfTheWorkingTree();
        String base = git(repo, "rev-parse", "HEAD").strip();
        copyFolder(repo.resolve("submissions/ga-objective/src"), repo.resolve("submissions/copied-ga-objective/src"));
        Files.writeString(repo.resolve("submissions/copied-ga-objective/pom.xml"),
                Files.readString(repo.resolve("submissions/ga-objective/pom.xml"))
                        .replace("<artifactId>ga-objective</artifactId>", "<artifactId>copied-ga-objective</artifactId>"));
        Path modules = repo.resolve("submissions/pom.xml");
        Files.writeString(modules, Files.readString(modules)
                .replace("<module>rmu-objective</module>", "<module>rmu-objective</module>\n    <module>copied-ga-objective</module>"));
        commit(repo, "a new submission");

        Outcome run = script(repo, "publish-results", Map.of(
                "LACUNA_EVAL_SEEDS", "7",
                "LACUNA_EVAL_OPTIONS", "--learning-rate 0.01 --schedule 1,5 --alphas 3 --permutations 20"), base,
                temp.resolve("ci").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("build-submissions: building submissions/copied-ga-objective",
                "build-submissions: submissions/copied-ga-objective: valid: copied-ga-objective 0.1.0-SNAPSHOT (objective, ",
                "ok results/synthetic-tiny/copied-ga-objective.json", "ok index.json");
        JsonNode result = JSON.readTree(repo.resolve("leaderboard/results/synthetic-tiny/copied-ga-objective.json").toFile());
        assertThat(result.path("seeds").toString()).isEqualTo("[7]");
        assertThat(result.path("sandboxed").asBoolean()).isTrue();
        String testbed = result.path("per_seed").get(0).path("testbed_hash").asText();
        assertThat(repo.resolve("leaderboard/testbeds/" + testbed + ".json")).hasSameTextualContentAs(
                repo.resolve("leaderboard/testbeds/" + testbed + "/manifest.json"));
        String summary = Files.readString(temp.resolve("ci/results/summary.md"));
        assertThat(summary).startsWith("## copied-ga-objective 0.1.0-SNAPSHOT on synthetic/tiny\n")
                .contains("1 seed: no spread, no test.", "| 7 | `" + testbed + "` |");
    }

    @Test
    void aJarTheHarnessRefusesIsReportedInTheSummaryAndFailsTheRun() throws Exception {
        Path jars = Files.createDirectories(temp.resolve("jars"));
        Files.writeString(jars.resolve("not-a-plugin.jar"), "plain text, no ZIP");

        Outcome run = script(ROOT, "evaluate-plugins", Map.of(), jars.toString(), temp.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(Files.readString(temp.resolve("out/summary.md"))).startsWith("## not-a-plugin.jar\n\nRefused before anything ran:\n\n```\n"
                + "refused: ").contains("rule 'not-a-jar'");
    }

    @Test
    void theFirstEvaluationIsPostedAsANewCommentWithTheMarker() throws Exception {
        startGitHub(HEAD, "[]");
        Path artifacts = artifacts("7", "## ga-objective 1.0.0 on synthetic/tiny\n");

        Outcome run = comment(artifacts);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("pr-comment: commented on #7");
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0)).startsWith("POST /repos/owner/name/issues/7/comments ");
        String body = JSON.readTree(writes.get(0).substring(writes.get(0).indexOf('{'))).path("body").asText();
        assertThat(body).startsWith(MARKER + "\n# Lacuna Bench evaluation of 0123456789ab\n\n## ga-objective 1.0.0 on synthetic/tiny\n")
                .endsWith("Run: https://github.example/runs/1\n");
    }

    @Test
    void aLaterEvaluationUpdatesTheBotsCommentAndNoOther() throws Exception {
        String comments = "[{\"id\": 11, \"user\": {\"login\": \"someone\", \"type\": \"User\"}, \"body\": \"" + MARKER + " quoted\"},"
                + " {\"id\": 12, \"user\": {\"login\": \"github-actions[bot]\", \"type\": \"Bot\"}, \"body\": \"" + MARKER + "\\nold\"}]";
        startGitHub(HEAD, comments);

        Outcome run = comment(artifacts("7", "new numbers\n"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("pr-comment: updated comment 12 on #7");
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0)).startsWith("PATCH /repos/owner/name/issues/comments/12 ").contains("new numbers");
    }

    @Test
    void aBuildThatFailedIsSaidWithItsConclusionAndTheEndOfItsOutput() throws Exception {
        startGitHub(HEAD, "[]");
        Path artifacts = artifacts("7", null);
        Files.createDirectories(artifacts.resolve("build"));
        Files.writeString(artifacts.resolve("build/log.txt"), "build-submissions: submissions/x: refused: x.jar: refused by rule "
                + "'services' ```\n");

        Outcome run = comment(artifacts);

        assertThat(run.exitCode()).as(run.output()).isZero();
        String body = JSON.readTree(writes.get(0).substring(writes.get(0).indexOf('{'))).path("body").asText();
        assertThat(body).contains("The evaluation did not finish (failure).\n\nThe build of the submissions ended with:\n\n```\n"
                + "build-submissions: submissions/x: refused: x.jar: refused by rule 'services' '''\n```\n");
    }

    @Test
    void aPullRequestThatMovedOnOrAForgedNumberGetsNoComment() throws Exception {
        startGitHub("fedcba9876543210fedcba9876543210fedcba98", "[]");

        Outcome moved = comment(artifacts("7", "numbers\n"));
        assertThat(moved.exitCode()).isZero();
        assertThat(moved.output()).contains("pr-comment: pull request #7 is at fedcba9876543210fedcba9876543210fedcba98, not at the "
                + "evaluated " + HEAD + ": not commenting");

        Outcome forged = comment(artifacts("7 && curl evil", "numbers\n"));
        assertThat(forged.exitCode()).isEqualTo(1);
        assertThat(forged.output()).contains("pr-comment: no pull-request number in ");
        assertThat(writes).isEmpty();
        assertThat(calls).containsExactly("GET /repos/owner/name/pulls/7");
    }

    private Outcome comment(Path artifacts) throws Exception {
        return script(ROOT, "pr-comment", Map.of("GITHUB_API_URL", "http://127.0.0.1:" + github.getAddress().getPort(),
                "GITHUB_TOKEN", "test-token", "GITHUB_REPOSITORY", "owner/name", "HEAD_SHA", HEAD,
                "RUN_URL", "https://github.example/runs/1", "CONCLUSION", "failure"), artifacts.toString());
    }

    private Path artifacts(String number, String summary) throws IOException {
        Path dir = Files.createTempDirectory(temp, "artifacts");
        Files.createDirectories(dir.resolve("pull-request"));
        Files.writeString(dir.resolve("pull-request/number"), number + "\n");
        if (summary != null) {
            Files.createDirectories(dir.resolve("evaluation"));
            Files.writeString(dir.resolve("evaluation/summary.md"), summary);
        }
        return dir;
    }

    /** GitHub's API as far as the comment script uses it: the pull request, one page of comments, and writes. */
    private void startGitHub(String headSha, String comments) throws IOException {
        github = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        github.createContext("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!"Bearer test-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{\"message\": \"Bad credentials\"}");
            } else if (call.equals("GET /repos/owner/name/pulls/7")) {
                calls.add(call);
                respond(exchange, 200, "{\"number\": 7, \"head\": {\"sha\": \"" + headSha + "\"}}");
            } else if (call.equals("GET /repos/owner/name/issues/7/comments")) {
                calls.add(call + "?" + exchange.getRequestURI().getQuery());
                respond(exchange, 200, exchange.getRequestURI().getQuery().endsWith("page=1") ? comments : "[]");
            } else if (call.equals("POST /repos/owner/name/issues/7/comments") || call.startsWith("PATCH /repos/owner/name/issues/comments/")) {
                writes.add(call + " " + body);
                respond(exchange, call.startsWith("POST") ? 201 : 200, "{\"id\": 99}");
            } else {
                respond(exchange, 404, "{\"message\": \"Not Found\"}");
            }
        });
        github.start();
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** What a script printed (stdout and stderr together) and returned. */
    private record Outcome(int exitCode, String output) {
    }

    /** Runs {@code .github/scripts/NAME} of {@code repo}, with this build's command line as its {@code ./lacuna}. */
    private Outcome script(Path repo, String name, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(repo.resolve(".github/scripts").resolve(name).toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("LACUNA", launcher().toString());
        String repository = System.getProperty("lacuna.maven.repo");
        builder.environment().put("MAVEN_ARGS", "-o" + (repository == null ? "" : " -Dmaven.repo.local=" + repository));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(15, TimeUnit.MINUTES)).isTrue();
        return new Outcome(process.exitValue(), output);
    }

    /**
     * A {@code lacuna} launcher that runs this build's command line (the real one needs the packaged application, which
     * a test run has not built yet): the command {@link ChildJvm} starts child commands with.
     */
    private Path launcher() throws IOException {
        Path launcher = temp.resolve("bin/lacuna");
        if (!Files.exists(launcher)) {
            Files.createDirectories(launcher.getParent());
            String command = ChildJvm.command(List.of()).stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
                    .collect(Collectors.joining(" "));
            Files.writeString(launcher, "#!/usr/bin/env bash\nexec " + command + " \"$@\"\n");
            launcher.toFile().setExecutable(true);
        }
        return launcher;
    }

    /** This working tree's files (tracked and new, not ignored) as the one commit of a fresh repository. */
    private Path copyOfTheWorkingTree() throws Exception {
        Path repo = temp.resolve("repo");
        for (String file : git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")) {
            Path source = ROOT.resolve(file);
            if (!file.isEmpty() && Files.isRegularFile(source)) {
                Path target = repo.resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        git(repo, "init", "-q", "-b", "main");
        commit(repo, "the working tree");
        return repo;
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    private static void commit(Path repo, String message) throws Exception {
        git(repo, "add", "-A");
        git(repo, "-c", "user.email=ci@example.org", "-c", "user.name=CI test", "commit", "-q", "-m", message);
    }

    private static String git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
        return out;
    }
}
