package dev.lacuna.server.leaderboard.rest;

import dev.lacuna.server.leaderboard.mapping.TestbedView;
import dev.lacuna.server.leaderboard.service.Testbeds;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /testbeds}: the testbeds published results ran on, and a page for each. */
@Path("/testbeds")
public class TestbedPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance testbeds(List<TestbedView> testbeds);

        static native TemplateInstance testbed(TestbedView testbed);
    }

    @Inject
    Testbeds testbeds;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance list() {
        return Templates.testbeds(testbeds.all());
    }

    @GET
    @Path("{hash}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance testbed(@PathParam("hash") String hash) {
        return Templates.testbed(testbeds.find(hash).orElseThrow(() -> new NotFoundException("no published testbed " + hash)));
    }
}
