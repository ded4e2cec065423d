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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /submissions/{id}}: one submission, a section per published result with its curves and tables; a submission
 * that is uploaded but not measured yet sends the visitor to its evaluation on the queue page.
 */
@Path("/submissions")
public class SubmissionPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance submission(Submissions.SubmissionPageView submission);
    }

    @Inject
    Submissions submissions;

    @Inject
    dev.lacuna.server.job.service.Jobs jobs;

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response submission(@PathParam("id") String id) {
        var page = submissions.page(id);
        if (page.isPresent()) {
            return Response.ok(Templates.submission(page.get())).build();
        }
        // uploaded and not measured yet: its evaluation's progress is what there is to see
        if (!jobs.evaluationsOf(id).isEmpty()) {
            return Response.seeOther(java.net.URI.create("/jobs?submission=" + id)).build();
        }
        throw new NotFoundException("no published submission with id " + id);
    }
}
