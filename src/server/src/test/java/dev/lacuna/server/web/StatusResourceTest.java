package dev.lacuna.server.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatusResourceTest {

    @Test
    void reportsTheRecordedStartAndTheKnownDataSets() {
        given().when().get("/api/status")
                .then().statusCode(200)
                .body("name", equalTo("Lacuna Bench"))
                .body("version", equalTo("0.1.0-SNAPSHOT"))
                .body("instanceId", matchesPattern("[0-9a-f-]{36}"))
                .body("boots", greaterThanOrEqualTo(1))
                .body("database.mode", notNullValue())
                .body("dataSets.id", hasItems("synthetic", "tofu", "lume"))
                .body("dataSets.find { it.id == 'synthetic' }.available", equalTo(true));
    }
}
