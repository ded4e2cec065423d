package dev.lacuna.server.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /status}: what this server is and what it can see (database, data sets, testbeds on disk). */
@Path("/status")
public class StatusPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance status(ServerStatus status);
    }

    @Inject
    ServerStatusService statusService;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance status() {
        return Templates.status(statusService.current());
    }
}
