package dev.lacuna.server.problem;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error a REST endpoint answers on purpose, as RFC 7807 problem details: the HTTP status, a short title, a
 * detail written for the person who made the request, and any headers the status calls for
 * ({@code WWW-Authenticate}, {@code Retry-After}). Thrown from resources and services alike and turned into an
 * {@code application/problem+json} response by {@link ProblemMappers}, so every refusal has one shape. Extension
 * members carry facts a client can act on without parsing the detail (the JAR rule that refused an upload). The
 * type is always {@code about:blank}: the status and title say what kind of problem it is.
 */
public class Problem extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, String> headers;
    private final Map<String, Object> extensions;

    private Problem(int status, String title, String detail, Map<String, String> headers,
                    Map<String, Object> extensions) {
        // no stack trace: a problem is an answer, not a fault, and is never logged with one
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.headers = headers;
        this.extensions = extensions;
    }

    /** A problem whose title is the status's reason phrase, as RFC 7807 asks of type {@code about:blank}. */
    public static Problem of(Response.Status status, String detail) {
        return of(status.getStatusCode(), detail);
    }

    /** As {@link #of(Response.Status, String)} for a status code JAX-RS has no constant for (422, 429). */
    public static Problem of(int status, String detail) {
        return new Problem(status, reasonPhrase(status), detail, Map.of(), Map.of());
    }

    /** This problem with one more response header. */
    public Problem withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Problem(status, title, getMessage(), Map.copyOf(more), extensions);
    }

    /** This problem with one more extension member in its body; null values are left out. */
    public Problem with(String member, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(status, title, getMessage(), headers, Map.copyOf(more));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The standard reason phrase of a status code, or a generic one for codes without a phrase. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                if (known != null) {
                    yield known.getReasonPhrase();
                }
                yield status >= 500 ? "Server Error" : "Client Error";
            }
        };
    }
}
