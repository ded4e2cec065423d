package dev.lacuna.server.leaderboard.rest;

import dev.lacuna.server.leaderboard.service.Submissions;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /submissions/{id}}: one submission, a section per published result with its curves and tables. */
@Path("/submissions")
public class SubmissionPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance submission(Submissions.SubmissionPageView submission);
    }

    @Inject
    Submissions submissions;

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance submission(@PathParam("id") String id) {
        return Templates.submission(submissions.page(id)
                .orElseThrow(() -> new NotFoundException("no published submission with id " + id)));
    }
}
