package dev.lacuna.server.job.rest;

import dev.lacuna.server.job.mapping.EvaluationView;
import dev.lacuna.server.job.service.Jobs;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /jobs}: the queue, readable without JavaScript (a reload shows the latest); with it, each unfinished
 * evaluation's row follows its server-sent events. Only delegates.
 */
@Path("/jobs")
public class JobsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance jobs(List<EvaluationView> evaluations, Map<String, Long> counts, String submission);
    }

    @Inject
    Jobs jobs;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance page(@QueryParam("submission") String submission) {
        List<EvaluationView> evaluations = submission == null || submission.isBlank() ? jobs.recentEvaluations(50)
                : jobs.evaluationsOf(submission);
        return Templates.jobs(evaluations, jobs.countByState(), submission == null ? "" : submission);
    }
}
