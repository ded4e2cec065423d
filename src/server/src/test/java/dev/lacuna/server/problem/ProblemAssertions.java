package dev.lacuna.server.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import java.io.UncheckedIOException;

/** What every error answer of the API must look like: RFC 7807 problem JSON, with nothing of the server's insides. */
public final class ProblemAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemAssertions() {
    }

    /** Checks the response is a problem of this status and returns its body. */
    public static JsonNode problem(Response response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        String text = response.asString();
        assertThat(text).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("at java.")
                .doesNotContain("/tmp/");
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("type").asText()).isNotBlank();
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("detail").asText()).isNotBlank();
        assertThat(body.path("instance").asText()).startsWith("/");
        return body;
    }
}
