package dev.lacuna.server.submission;

import static dev.lacuna.server.problem.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lacuna.server.PostgresTestResource;
import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.service.TokenService;
import dev.lacuna.server.submission.model.Submission;
import dev.lacuna.server.submission.service.PluginJars;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/submissions} with real plugin JARs, and the problem answers of the API around it. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class SubmissionUploadTest {

    @Inject
    TokenService tokens;

    @Inject
    RecordedAcceptances acceptances;

    @Inject
    PluginJars pluginJars;

    @TempDir
    Path folder;

    private String token(Role role) {
        String name = "upload-test-" + UUID.randomUUID().toString().substring(0, 8);
        return tokens.create(name, name + "@example.org", role).token();
    }

    private static Response upload(String token, Path jar) {
        var request = given().multiPart("jar", jar.toFile(), "application/java-archive");
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.when().post("/api/submissions");
    }

    private static JsonNode json(Response response) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.asString());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Transactional
    Submission stored(String id) {
        Submission submission = Submission.findById(id);
        if (submission != null && submission.submitter != null) {
            submission.submitter.name.length(); // loaded inside the transaction
        }
        return submission;
    }

    @Test
    void aNewJarIsStoredAsASubmissionAndAnnouncedAfterwards() throws Exception {
        Path jar = TestJars.fresh(folder, "npo-objective");
        String sha = sha256(jar);

        Response response = upload(token(Role.SUBMITTER), jar);

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        JsonNode body = json(response);
        String id = sha.substring(0, 12);
        assertThat(body.path("id").asText()).isEqualTo(id);
        assertThat(body.path("url").asText()).isEqualTo("/submissions/" + id);
        assertThat(body.path("kind").asText()).isEqualTo("objective");
        assertThat(body.path("name").asText()).isNotBlank();
        assertThat(body.path("version").asText()).isNotBlank();
        assertThat(body.path("sha256").asText()).isEqualTo(sha);
        assertThat(body.path("duplicate").asBoolean(true)).isFalse();
        assertThat(response.header("Location")).endsWith("/submissions/" + id);

        Submission submission = stored(id);
        assertThat(submission.builtin).isFalse();
        assertThat(submission.submitter).isNotNull();
        assertThat(submission.kind).isEqualTo("objective");
        assertThat(pluginJars.bytes(sha)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(read(jar)));
        assertThat(acceptances.of(id)).extracting(e -> e.builtin()).containsExactly(false);
    }

    @Test
    void theSameBytesAgainAnswer200WithTheStoredSubmissionWhoeverSendsThem() throws Exception {
        Path jar = TestJars.fresh(folder, "random-localizer");
        JsonNode first = json(upload(token(Role.SUBMITTER), jar).then().statusCode(201).extract().response());

        Response again = upload(token(Role.WORKER), jar);

        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode second = json(again);
        assertThat(second.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(second.path("kind").asText()).isEqualTo("localizer");
        assertThat(second.path("duplicate").asBoolean(false)).isTrue();
        assertThat(acceptances.of(first.path("id").asText())).hasSize(1);
    }

    @Test
    void withoutAValidTokenAnUploadIs401WithAChallenge() {
        Path jar = TestJars.fresh(folder, "npo-objective");

        Response missing = upload(null, jar);
        problem(missing, 401);
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");

        Response unknown = upload(TokenService.PREFIX + "A".repeat(43), jar);
        problem(unknown, 401);
        assertThat(unknown.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");

        problem(upload("not-a-token", jar), 401);
        Response basic = given().header("Authorization", "Basic dXNlcjpwdw==")
                .multiPart("jar", jar.toFile()).when().post("/api/submissions");
        problem(basic, 401);
    }

    @Test
    void aJarTheValidatorRefusesIs422WithItsReason() throws Exception {
        Path jar = TestJars.withEntry(folder, "npo-objective", "../escape.txt");

        Response response = upload(token(Role.SUBMITTER), jar);

        JsonNode body = problem(response, 422);
        assertThat(body.path("detail").asText()).contains("'path'").contains("../escape.txt").contains("leaves the JAR's root")
                .doesNotContain(".jar:");
        assertThat(body.path("rule").asText()).isEqualTo("path");
        assertThat(body.path("entry").asText()).isEqualTo("../escape.txt");
        assertThat(stored(sha256(jar).substring(0, 12))).isNull();
    }

    @Test
    void aFileThatIsNotAJarIs422() throws Exception {
        Path notJar = Files.writeString(folder.resolve("plugin.jar"), "not a zip file");

        JsonNode body = problem(upload(token(Role.SUBMITTER), notJar), 422);

        assertThat(body.path("rule").asText()).isEqualTo("not-a-jar");
    }

    @Test
    void aJarOverTheEngineSizeLimitIs413() throws Exception {
        Path big = folder.resolve("big.jar");
        byte[] bytes = new byte[(20 << 20) + 1];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(big, bytes);

        JsonNode body = problem(upload(token(Role.SUBMITTER), big), 413);

        assertThat(body.path("detail").asText()).contains(Long.toString(20L << 20));
    }

    @Test
    void aFormWithoutTheJarFieldIs400AndOtherMediaTypesAre415() {
        String token = token(Role.SUBMITTER);
        problem(given().header("Authorization", "Bearer " + token).multiPart("other", "text")
                .when().post("/api/submissions"), 400);
        problem(given().header("Authorization", "Bearer " + token).contentType("application/json").body("{}")
                .when().post("/api/submissions"), 415);
    }

    @Test
    void aWorkerOnlyEndpointRefusesASubmitterWith403AndLetsWorkersAndAdminsIn() {
        problem(given().header("Authorization", "Bearer " + token(Role.SUBMITTER))
                .when().get("/api/test-probe/worker"), 403);
        given().header("Authorization", "Bearer " + token(Role.WORKER)).when().get("/api/test-probe/worker")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + token(Role.ADMIN)).when().get("/api/test-probe/worker")
                .then().statusCode(200);
        Response anonymous = given().when().get("/api/test-probe/worker");
        problem(anonymous, 401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void jaxRsErrorsUnderApiAreProblemsAndPagesKeepTheirOwnAnswers() {
        JsonNode notFound = problem(given().when().get("/api/results/0000000000000000"), 404);
        assertThat(notFound.path("instance").asText()).isEqualTo("/api/results/0000000000000000");
        problem(given().when().put("/api/submissions"), 405);
        problem(given().when().get("/api/no-such-endpoint"), 404);
        JsonNode badRequest = problem(given().when().get("/api/leaderboard?kind=objective&sort=shoe_size"), 400);
        assertThat(badRequest.path("detail").asText()).contains("unknown sort column 'shoe_size'");

        Response page = given().when().get("/test-probe/missing");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.contentType()).doesNotStartWith("application/problem+json");
    }

    @Test
    void anUnexpectedFailureIs500WithAReferenceAndNothingOfTheServerInside() {
        Response response = given().when().get("/api/test-probe/failure");

        JsonNode body = problem(response, 500);
        assertThat(body.path("detail").asText()).contains("reference").doesNotContain("secret");
    }

    @Test
    void theOpenApiDocumentDescribesTheUploadAndItsBearerToken() throws Exception {
        JsonNode api = json(given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().response());

        JsonNode post = api.path("paths").path("/api/submissions").path("post");
        assertThat(post.path("summary").asText()).isEqualTo("Upload a plugin JAR");
        assertThat(post.path("responses").fieldNames()).toIterable()
                .contains("200", "201", "400", "401", "413", "422", "429");
        assertThat(post.path("security").toString()).contains("bearer");
        assertThat(api.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
