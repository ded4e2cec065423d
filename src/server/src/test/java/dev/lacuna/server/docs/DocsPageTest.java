package dev.lacuna.server.docs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.lacuna.server.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The repository's docs, rendered: headings, tables, and links between docs pages rewritten. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DocsPageTest {

    @Test
    void theIndexListsEveryDocumentWithItsTitle() {
        given().when().get("/docs").then().statusCode(200)
                .body(containsString("href=\"/docs/objective-protocol\""))
                .body(containsString("href=\"/docs/metrics\""))
                .body(containsString("href=\"/docs/submitting\""));
    }

    @Test
    void aDocumentRendersItsMarkdownWithTablesAndAnchors() {
        given().when().get("/docs/metrics").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<h2 id=\"significance-of-the-oraclerandom-gap\">"))
                .body(containsString("AuesPermutationTest"))
                .body(not(containsString("](")));
        given().when().get("/docs/benchmarks").then().statusCode(200).body(containsString("<table>"));
    }

    @Test
    void linksToOtherDocsPointAtTheirPages() {
        given().when().get("/docs/README").then().statusCode(200)
                .body(containsString("href=\"/docs/"))
                .body(not(containsString("href=\"objective-protocol.md")));
    }

    @Test
    void theOperationsPageTheReadmePromisesIsServedAndLinksToThePlatformPage() {
        given().when().get("/docs").then().statusCode(200)
                .body(containsString("href=\"/docs/operations\""))
                .body(containsString("href=\"/docs/platform\""));
        given().when().get("/docs/operations").then().statusCode(200)
                .body(containsString(">Operations</h1>"))
                .body(containsString("href=\"/docs/platform\""))
                .body(containsString("href=\"/docs/sandbox\""));
    }

    @Test
    void anUnknownPageIsNotFound() {
        given().when().get("/docs/secrets").then().statusCode(404);
    }
}
