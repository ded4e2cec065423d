package dev.lacuna.server.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/status")
public class StatusResource {

    @Inject
    ServerStatusService statusService;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Version, database, data sets and testbeds this server can see")
    public ServerStatus status() {
        return statusService.current();
    }
}
