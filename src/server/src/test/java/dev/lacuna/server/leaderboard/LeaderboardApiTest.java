package dev.lacuna.server.leaderboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.server.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read API over the committed board, checked against the committed files themselves. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class LeaderboardApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode board(String query) throws Exception {
        String body = given().when().get("/api/leaderboard?" + query).then().statusCode(200)
                .contentType(containsString("application/json")).extract().asString();
        return JSON.readTree(body);
    }

    private static List<Double> column(JsonNode board, String key) {
        List<Double> values = new ArrayList<>();
        for (JsonNode row : board.path("rows")) {
            JsonNode mean = row.path("values").path(key).path("mean");
            values.add(mean.isNull() || mean.isMissingNode() ? null : mean.asDouble());
        }
        return values;
    }

    @Test
    void theObjectiveBoardHasOneRowPerCommittedFileWithItsSummaryNumbers() throws Exception {
        JsonNode board = board("kind=objective&testbed=synthetic&model=tiny");

        List<Path> files = PublishedBoard.results("synthetic-tiny", "objective");
        assertThat(board.path("rows")).hasSize(files.size());
        for (Path file : files) {
            JsonNode result = PublishedBoard.read(file);
            String name = result.path("plugin").path("name").asText();
            JsonNode row = null;
            for (JsonNode r : board.path("rows")) {
                if (r.path("name").asText().equals(name)) {
                    row = r;
                }
            }
            assertThat(row).as(name).isNotNull();
            assertThat(row.path("values").path("aues_oracle").path("mean").asDouble())
                    .isEqualTo(result.path("summary").path("aues_oracle").asDouble());
            assertThat(row.path("values").path("aues_p").path("mean").asDouble())
                    .isEqualTo(result.path("summary").path("aues_p").asDouble());
            assertThat(row.path("seeds").asInt()).isEqualTo(result.path("per_seed").size());
            JsonNode summary = result.path("summary");
            assertThat(row.path("values").path("aues_unconstrained").path("mean").asDouble()).as(name)
                    .isEqualTo(summary.path("aues_unconstrained").asDouble());
            assertThat(row.path("values").path("update_share").path("mean").asDouble())
                    .isEqualTo(summary.path("update_squared_share_inside").asDouble());
            JsonNode relearning = summary.path("resurfacing").get(summary.path("resurfacing").size() - 1);
            assertThat(relearning.path("attack").asText()).isEqualTo("relearning");
            assertThat(row.path("values").path("relearn_gap_oracle").path("mean").asDouble()).isEqualTo(relearning.path("oracle_mean").asDouble());
            assertThat(row.path("values").path("relearn_gap_oracle").path("sd").asDouble()).isEqualTo(relearning.path("oracle_sd").asDouble());
            assertThat(row.path("values").path("relearn_gap_p").path("mean").asDouble()).isEqualTo(relearning.path("p").asDouble());
            JsonNode fourBit = summary.path("resurfacing").get(1);
            assertThat(fourBit.path("attack").asText()).isEqualTo("quantization-4bit");
            assertThat(row.path("values").path("q4_gap_random").path("mean").asDouble()).isEqualTo(fourBit.path("random_mean").asDouble());
        }
        assertThat(board.path("testbedHashes")).hasSize(PublishedBoard.read(files.get(0)).path("per_seed").size());
    }

    @Test
    void sortingFollowsTheColumnBothWaysWithTiesByName() throws Exception {
        List<Double> descending = column(board("kind=objective&testbed=synthetic/tiny&sort=-aues_delta"), "aues_delta");
        List<Double> ascending = column(board("kind=objective&testbed=synthetic/tiny&sort=aues_delta"), "aues_delta");

        assertThat(descending).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(ascending).isSortedAccordingTo(Double::compare);
        assertThat(descending).containsExactlyInAnyOrderElementsOf(ascending);
        if (descending.stream().distinct().count() > 1) {
            assertThat(descending.get(0)).isGreaterThan(descending.get(descending.size() - 1));
        }
    }

    @Test
    void anUnknownSortColumnIsRefusedNamingTheColumnsThereAre() {
        given().when().get("/api/leaderboard?kind=objective&sort=shoe_size")
                .then().statusCode(400)
                .body(containsString("unknown sort column 'shoe_size'"))
                .body(containsString("aues_oracle"));
    }

    @Test
    void anUnpublishedBoardIsNotFoundAndSaysWhatIsPublished() {
        given().when().get("/api/leaderboard?kind=objective&testbed=lume")
                .then().statusCode(404);
    }

    @Test
    void theCsvHasAHeaderAndOneParsableLinePerRow() {
        String csv = given().accept("text/csv").when().get("/api/leaderboard?kind=localizer&testbed=synthetic&model=tiny")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();

        List<String> lines = Arrays.asList(csv.split("\r\n"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        assertThat(header).startsWith("kind", "testbed", "model", "dtype", "name").contains("precision", "precision_sd", "auroc");
        assertThat(lines).hasSize(1 + PublishedBoard.results("synthetic-tiny", "localizer").size());
        int precision = header.indexOf("precision");
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            assertThat(fields).hasSize(header.size());
            assertThat(Double.parseDouble(fields[precision])).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aResultIsServedByteForByteAsCommitted() throws Exception {
        Path file = PublishedBoard.results("synthetic-tiny").get(0);
        byte[] committed = Files.readAllBytes(file);
        String id = sha256(committed).substring(0, 16);

        byte[] served = given().when().get("/api/results/" + id).then().statusCode(200)
                .contentType(containsString("application/json")).extract().asByteArray();

        assertThat(served).isEqualTo(committed);
        given().when().get("/api/results/0000000000000000").then().statusCode(404);
    }

    @Test
    void aSubmissionListsItsPublishedResults() throws Exception {
        JsonNode result = PublishedBoard.read(PublishedBoard.results("synthetic-tiny", "objective").get(0));
        String sha = result.path("plugin_sha256").asText();

        JsonNode submission = JSON.readTree(given().when().get("/api/submissions/" + sha.substring(0, 12))
                .then().statusCode(200).extract().asString());

        assertThat(submission.path("pluginSha256").asText()).isEqualTo(sha);
        assertThat(submission.path("name").asText()).isEqualTo(result.path("plugin").path("name").asText());
        assertThat(submission.path("results").get(0).path("testbed").asText()).isEqualTo("synthetic/tiny");
        given().when().get("/api/submissions/nothex").then().statusCode(404);
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
