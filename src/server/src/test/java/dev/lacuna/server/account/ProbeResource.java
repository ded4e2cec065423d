package dev.lacuna.server.account;

import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.rest.Callers;
import dev.lacuna.server.account.service.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** Endpoints that exist only in tests: a worker-only one for the role checks, and failures for the error format. */
@Path("/api/test-probe")
public class ProbeResource {

    @Inject
    Callers callers;

    @Context
    HttpHeaders headers;

    @GET
    @Path("worker")
    @Produces(MediaType.APPLICATION_JSON)
    public Caller workerOnly() {
        return callers.require(headers, Role.WORKER);
    }

    @GET
    @Path("failure")
    public String failure() {
        throw new IllegalStateException("secret detail at dev.lacuna.server.Internal");
    }

    /** Outside {@code /api}, where errors keep the shape the pages give them. */
    @Path("/test-probe")
    public static class PageProbe {

        @GET
        @Path("missing")
        public String pageNotFound() {
            throw new NotFoundException("no such page");
        }
    }
}
