package dev.lacuna.server.submission;

import static dev.lacuna.server.problem.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lacuna.server.PostgresTestResource;
import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.service.CreatedToken;
import dev.lacuna.server.account.service.TokenService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-submitter limits, set to one upload a day and one evaluation at a time so each is reached at once. The
 * evaluation rows the limits count are written here directly: the job queue that normally writes them is not under
 * test.
 */
@QuarkusTest
@TestProfile(UploadLimitsTest.OnePerDay.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class UploadLimitsTest {

    /** One upload a day, one evaluation at a time. */
    public static class OnePerDay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lacuna.platform.uploads-per-day", "1", "lacuna.platform.concurrent-evaluations", "1");
        }
    }

    @Inject
    TokenService tokens;

    @Inject
    EntityManager entities;

    @TempDir
    Path folder;

    private CreatedToken account(Role role) {
        String name = "limits-" + UUID.randomUUID().toString().substring(0, 8);
        return tokens.create(name, name + "@example.org", role);
    }

    private static Response upload(CreatedToken token, Path jar) {
        return given().header("Authorization", "Bearer " + token.token())
                .multiPart("jar", jar.toFile(), "application/java-archive").when().post("/api/submissions");
    }

    /** Makes every evaluation of the submission (one, if it has none) a failure the platform caused. */
    @Transactional
    void failByPlatform(String submissionId) {
        int updated = entities.createNativeQuery("update evaluation set state = 'failed', submitter_fault = false"
                + " where submission_id = ?1").setParameter(1, submissionId).executeUpdate();
        if (updated == 0) {
            insertEvaluation(submissionId, "failed", false);
        }
    }

    @Transactional
    void insertEvaluation(String submissionId, String state, boolean submitterFault) {
        entities.createNativeQuery("insert into evaluation (submission_id, family, model, seeds, spec, state, submitter_fault)"
                        + " values (?1, 'synthetic', 'tiny', '7', '{}', ?2, ?3)")
                .setParameter(1, submissionId).setParameter(2, state).setParameter(3, submitterFault).executeUpdate();
    }

    /** A submission of this submitter made 25 hours ago, outside the daily window, with a queued evaluation. */
    @Transactional
    void oldSubmissionWithQueuedEvaluation(long submitterId) {
        String sha = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        entities.createNativeQuery("insert into plugin_jar (sha256, bytes, size_bytes) values (?1, ?2, 1)")
                .setParameter(1, sha).setParameter(2, new byte[] {1}).executeUpdate();
        entities.createNativeQuery("insert into submission (id, sha256, submitter_id, kind, name, version, created_at)"
                        + " values (?1, ?2, ?3, 'objective', 'old', '1', now() - interval '25 hours')")
                .setParameter(1, sha.substring(0, 12)).setParameter(2, sha).setParameter(3, submitterId).executeUpdate();
        insertEvaluation(sha.substring(0, 12), "queued", true);
    }

    @Test
    void overTheDailyLimitAnUploadIs429UntilTheOldestIs24HoursOld() {
        CreatedToken submitter = account(Role.SUBMITTER);
        Path first = TestJars.fresh(folder, "npo-objective");
        upload(submitter, first).then().statusCode(201);

        Response refused = upload(submitter, TestJars.fresh(folder, "npo-objective"));

        JsonNode body = problem(refused, 429);
        assertThat(body.path("detail").asText()).contains("lacuna.platform.uploads-per-day").contains("limit is 1");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(24 * 3600L - 120, 24 * 3600L);
        // a duplicate is neither counted nor limited
        upload(submitter, first).then().statusCode(200);
    }

    @Test
    void anUploadWhoseEvaluationsAllFailedByThePlatformDoesNotCount() throws Exception {
        CreatedToken submitter = account(Role.SUBMITTER);
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                upload(submitter, TestJars.fresh(folder, "npo-objective")).then().statusCode(201).extract().asString())
                .path("id").asText();
        failByPlatform(id);

        upload(submitter, TestJars.fresh(folder, "random-localizer")).then().statusCode(201);
    }

    @Test
    void withTooManyEvaluationsUnderWayAnUploadIs429ForAMinute() {
        CreatedToken submitter = account(Role.SUBMITTER);
        oldSubmissionWithQueuedEvaluation(submitter.submitterId());

        Response refused = upload(submitter, TestJars.fresh(folder, "npo-objective"));

        JsonNode body = problem(refused, 429);
        assertThat(body.path("detail").asText()).contains("lacuna.platform.concurrent-evaluations");
        assertThat(refused.header("Retry-After")).isEqualTo("60");
    }

    @Test
    void adminsAreExemptFromTheLimits() {
        CreatedToken admin = account(Role.ADMIN);
        oldSubmissionWithQueuedEvaluation(admin.submitterId());

        upload(admin, TestJars.fresh(folder, "npo-objective")).then().statusCode(201);
        upload(admin, TestJars.fresh(folder, "random-localizer")).then().statusCode(201);
    }
}
