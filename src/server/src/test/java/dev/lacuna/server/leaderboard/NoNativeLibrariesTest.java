package dev.lacuna.server.leaderboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.server.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The read side needs no native code: after serving the board, a submission, a testbed page and the API,
 * this JVM (the one the server runs in) has mapped no libtorch and loaded no PyTorch engine class.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class NoNativeLibrariesTest {

    @Test
    void servingTheBoardLoadsNoLibtorch() throws Exception {
        String sha = PublishedBoard.read(PublishedBoard.results("synthetic-tiny").get(0)).path("plugin_sha256").asText();
        String testbed = PublishedBoard.read(PublishedBoard.results("synthetic-tiny").get(0)).path("testbed_hash").asText();
        for (String path : new String[] {"/", "/?kind=localizer", "/submissions/" + sha.substring(0, 12),
                "/api/leaderboard?kind=objective", "/api/submissions/" + sha.substring(0, 12), "/testbeds", "/docs/metrics"}) {
            given().when().get(path).then().statusCode(200);
        }

        String maps = Files.readString(Path.of("/proc/self/maps"));
        assertThat(maps).doesNotContain("libtorch").doesNotContain("libdjl_torch");
        assertThat(testbed).hasSize(64);
    }
}
