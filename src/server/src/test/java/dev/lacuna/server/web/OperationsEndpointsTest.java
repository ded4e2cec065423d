package dev.lacuna.server.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void healthIsUpAndIncludesTheDatabaseCheck() {
        given().when().get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void openApiListsTheSubmissionJobAndLeaderboardPathsItsDescriptionPromises() {
        given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("info.description", equalTo("Submissions, evaluation jobs and leaderboards of Lacuna Bench."))
                .body("paths.keySet()", hasItems("/api/submissions", "/api/submissions/{id}",
                        "/api/evaluations", "/api/evaluations/{id}", "/api/jobs/{id}", "/api/queue", "/api/leaderboard",
                        "/api/boards", "/api/results/{id}", "/api/worker/claim", "/api/status"));
    }

    @Test
    void metricsAreExposedInPrometheusFormat() {
        given().when().get("/api/status").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"));
    }
}
