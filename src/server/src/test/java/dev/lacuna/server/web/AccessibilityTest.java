package dev.lacuna.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.server.PostgresTestResource;
import dev.lacuna.server.leaderboard.PublishedBoard;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * axe-core (the npm package, {@code .ci/run} installs it into {@code target/axe}) run inside the real pages
 * in headless Chromium: no serious or critical violation on the board, a submission page or a testbed page.
 * Every report is written to {@code target/axe-reports/}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AccessibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL home;

    @RegisterExtension
    final Browser.PerTest session = new Browser.PerTest();

    static String axeSource() throws IOException {
        String configured = System.getenv("AXE_CORE_JS");
        Path path = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("../../target/axe/node_modules/axe-core/axe.min.js");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("the accessibility check needs axe-core: run "
                    + "'npm install --prefix target/axe axe-core@4.10.3' in the repository (.ci/run does), or set AXE_CORE_JS; "
                    + "not found at " + path.toAbsolutePath());
        }
        return Files.readString(path);
    }

    /** The serious and critical violations on the page at {@code url}; the full report goes to a file. */
    private List<String> seriousViolations(String url, String report) throws IOException {
        session.driver().get(url);
        session.driver().executeScript(axeSource());
        Object raw = session.driver().executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('ERROR ' + e); });");
        String text = String.valueOf(raw);
        assertThat(text).as("axe ran").doesNotStartWith("ERROR");
        Path folder = Files.createDirectories(Path.of("target/axe-reports"));
        Files.writeString(folder.resolve(report + ".json"), text);
        List<String> serious = new ArrayList<>();
        for (JsonNode v : JSON.readTree(text)) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                serious.add(v.path("id").asText() + " (" + impact + "): " + v.path("help").asText() + " at "
                        + v.path("nodes").get(0).path("target"));
            }
        }
        return serious;
    }

    @Test
    void theBoardHasNoSeriousViolations() throws IOException {
        assertThat(seriousViolations(home.toString(), "board")).isEmpty();
        assertThat(seriousViolations(home + "?kind=localizer&testbed=synthetic&model=tiny", "board-localizers")).isEmpty();
    }

    @Test
    void aSubmissionPageAndATestbedPageHaveNoSeriousViolations() throws IOException {
        JsonNode result = PublishedBoard.read(PublishedBoard.results("synthetic-tiny", "localizer").get(0));
        String submission = result.path("plugin_sha256").asText().substring(0, 12);
        String testbed = result.path("per_seed").get(0).path("testbed_hash").asText();

        assertThat(seriousViolations(home + "submissions/" + submission, "submission")).isEmpty();
        assertThat(seriousViolations(home + "testbeds/" + testbed, "testbed")).isEmpty();
        assertThat(seriousViolations(home + "docs/metrics", "docs")).isEmpty();
    }

    @Test
    void theQueueAndTheUploadFormHaveNoSeriousViolations() throws IOException {
        assertThat(seriousViolations(home + "jobs", "jobs")).isEmpty();
        assertThat(seriousViolations(home + "upload", "upload")).isEmpty();
    }
}
