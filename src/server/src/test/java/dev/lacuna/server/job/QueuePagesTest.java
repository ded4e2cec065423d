package dev.lacuna.server.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.lacuna.server.PostgresTestResource;
import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.service.TokenService;
import dev.lacuna.server.submission.TestJars;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The upload form and the queue page, as a browser without JavaScript uses them: the form posts only with its CSRF
 * token in both the cookie and the field, a good upload lands on the queue page showing its evaluation's jobs, and a
 * refused one shows the validator's reason on the form.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class QueuePagesTest {

    @Inject
    TokenService tokens;

    @Test
    void theFormUploadsOnlyWithItsCsrfTokenAndLandsOnTheQueue() throws Exception {
        String token = tokens.create("page-uploader", "p@example.org", Role.ADMIN).token();
        Response form = given().get("/upload");
        form.then().statusCode(200).body(containsString("name=\"csrf\""));
        String cookie = form.getCookie("lacuna_csrf");
        Matcher field = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.asString());
        assertThat(field.find()).isTrue();
        assertThat(field.group(1)).isEqualTo(cookie);
        Path jar = TestJars.fresh(Files.createTempDirectory("queue-pages"), "ga-objective");

        given().multiPart("token", token).multiPart("jar", jar.toFile()).multiPart("csrf", cookie)
                .post("/upload").then().statusCode(403).body(containsString("CSRF"));
        given().cookie("lacuna_csrf", cookie).multiPart("token", token).multiPart("jar", jar.toFile()).multiPart("csrf", "forged")
                .post("/upload").then().statusCode(403);
        given().cookie("lacuna_csrf", cookie).multiPart("token", "lacuna_wrong").multiPart("jar", jar.toFile())
                .multiPart("csrf", cookie).post("/upload").then().statusCode(401).body(containsString("not valid"));

        String location = given().redirects().follow(false).cookie("lacuna_csrf", cookie).multiPart("token", token)
                .multiPart("jar", jar.toFile()).multiPart("csrf", cookie).post("/upload")
                .then().statusCode(303).extract().header("Location");
        assertThat(location).contains("/jobs?submission=");
        String submission = location.substring(location.indexOf('=') + 1);
        given().get("/jobs?submission=" + submission).then().statusCode(200)
                .body(containsString("submission <a href=\"/jobs?submission=" + submission))
                .body(containsString("testbed/7"))
                .body(containsString("queued"));
        given().get("/jobs").then().statusCode(200).body(containsString("Queue"));
        given().redirects().follow(false).get("/submissions/" + submission).then().statusCode(303)
                .header("Location", containsString("/jobs?submission=" + submission));
    }
}
