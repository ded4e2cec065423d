package dev.lacuna.server.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.lacuna.server.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class StatusPageTest {

    @Test
    void showsTheProductVersionDatabaseDataSetsAndTestbeds() {
        given().when().get("/status")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Lacuna Bench"))
                .body(containsString("<span id=\"version\">0.1.0-SNAPSHOT</span>"))
                .body(containsString("PostgreSQL"))
                .body(containsString("synthetic: available (generated, no files needed)"))
                .body(containsString("No testbeds built yet"));
    }
}
