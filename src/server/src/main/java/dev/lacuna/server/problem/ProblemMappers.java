package dev.lacuna.server.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns what REST endpoints throw into RFC 7807 {@code application/problem+json}: a {@link Problem} as it says, a
 * JAX-RS {@link WebApplicationException} (404, 405, 415, ...) under {@code /api} with its status and headers, and
 * anything unexpected as a 500 whose detail names only an error id; the exception itself goes to the server log,
 * never into the body, so no stack trace or class name reaches a client. Outside {@code /api} a
 * WebApplicationException keeps the response it carries, so the HTML pages answer as they always did. Error
 * responses no mapper sees are made problems by {@link ApiErrorsAsProblems}.
 */
@Singleton
public class ProblemMappers {

    /** The media type of every error body under {@code /api}. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Headers of a WebApplicationException's own response that describe its old body, not the problem. */
    private static final List<String> BODY_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH);

    @Inject
    ObjectMapper json;

    @ServerExceptionMapper
    public Response problem(Problem problem, UriInfo uri) {
        if (problem.status() >= 500) {
            LOG.errorf("%s %s: %d %s", uri.getRequestUri().getRawPath(), problem.title(), problem.status(),
                    problem.detail());
        }
        Response.ResponseBuilder response = respond(ProblemBody.BLANK, problem.title(), problem.status(), problem.detail(),
                uri, problem.extensions());
        problem.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException exception, UriInfo uri, Request request) {
        Response original = exception.getResponse();
        if (!underApi(uri)) {
            return original;
        }
        int status = original.getStatus();
        if (status >= 500) {
            LOG.errorf(exception, "%s %s failed with %d", request.getMethod(), uri.getRequestUri().getRawPath(), status);
        }
        Response.ResponseBuilder response = respond(ProblemBody.BLANK, Problem.reasonPhrase(status), status,
                detailOf(exception, original), uri, Map.of());
        original.getStringHeaders().forEach((name, values) -> {
            if (BODY_HEADERS.stream().noneMatch(name::equalsIgnoreCase)) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable error, UriInfo uri, Request request) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(error, "unexpected error %s on %s %s", reference, request.getMethod(), uri.getRequestUri().getRawPath());
        return respond(ProblemBody.BLANK, Problem.reasonPhrase(500), 500,
                "The server failed unexpectedly; the error is logged under reference " + reference + ".", uri, Map.of())
                .build();
    }

    private Response.ResponseBuilder respond(String type, String title, int status, String detail, UriInfo uri,
                                             Map<String, Object> extensions) {
        return Response.status(status).type(PROBLEM_JSON)
                .entity(body(type, title, status, detail, uri.getRequestUri().getRawPath(), extensions));
    }

    /** The problem's JSON text; should an extension member not serialise, the bare problem of that status. */
    String body(String type, String title, int status, String detail, String instance, Map<String, Object> extensions) {
        try {
            return json.writeValueAsString(ProblemBody.of(type, title, status, detail, instance, extensions));
        } catch (JsonProcessingException e) {
            LOG.error("cannot write a problem body", e);
            return "{\"type\":\"about:blank\",\"title\":\"" + Problem.reasonPhrase(status) + "\",\"status\":" + status + "}";
        }
    }

    /**
     * The text a resource gave its WebApplicationException: a plain-text entity if it built one (as the board's 400s
     * do), else the exception's message (for the ones JAX-RS throws itself, such as "HTTP 405 Method Not Allowed").
     */
    private static String detailOf(WebApplicationException exception, Response original) {
        if (original.hasEntity() && original.getEntity() instanceof String text && !text.isBlank()) {
            return text.strip();
        }
        return exception.getMessage();
    }

    static boolean underApi(UriInfo uri) {
        String path = uri.getPath();
        return path.equals("/api") || path.startsWith("/api/") || path.equals("api") || path.startsWith("api/");
    }
}
