package dev.lacuna.server.problem;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Makes every error answer under {@code /api} problem JSON, including those no exception mapper sees: JAX-RS uses
 * a WebApplicationException's own response as it is when it carries an entity (the board's plain-text 400s), and a
 * resource may return an error status directly. Such a response keeps its status and headers; its text, if it had
 * some, becomes the detail. Pages outside {@code /api} are left alone.
 */
@Provider
public class ApiErrorsAsProblems implements ContainerResponseFilter {

    private static final MediaType PROBLEM = MediaType.valueOf(ProblemMappers.PROBLEM_JSON);

    @Inject
    ProblemMappers problems;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || !ProblemMappers.underApi(request.getUriInfo())) {
            return;
        }
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(PROBLEM)) {
            return;
        }
        String detail = response.getEntity() instanceof String text && !text.isBlank()
                ? text.strip()
                : Problem.reasonPhrase(status);
        String body = problems.body(ProblemBody.BLANK, Problem.reasonPhrase(status), status, detail,
                request.getUriInfo().getRequestUri().getRawPath(), Map.of());
        response.getHeaders().remove("Content-Length");
        response.setEntity(body, null, PROBLEM);
    }
}
