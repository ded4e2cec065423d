package dev.lacuna.server.job.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.server.LacunaConfig;
import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.rest.Callers;
import dev.lacuna.server.job.service.Herder;
import dev.lacuna.server.job.service.JobQueue;
import dev.lacuna.server.problem.Problem;
import dev.lacuna.server.submission.service.PluginJars;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The API workers use, and nothing else does: claim a job, heartbeat it, hand back its outcome or its failure,
 * fetch JARs and testbeds by hash. Workers need a worker (or admin) token and no database credentials. Only
 * delegates: the queue's rules live in {@link Herder} and {@link JobQueue}, whose refusals (409 for a superseded
 * attempt) are problems that answer as they are.
 */
@Path("/api/worker")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
public class WorkerResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Longest a claim may wait for a job: below the workers' request timeout and common proxies' idle limits. */
    static final int MAX_WAIT_SECONDS = 25;

    /** A worker asking for work. */
    public record ClaimRequest(String worker, String device) {
    }

    /** A leased job: the attempt to name in every later call, the task, and the lease's length. */
    public record ClaimResponse(@JsonProperty("job_id") long jobId, int attempt, String type, JsonNode task,
                                @JsonProperty("lease_seconds") int leaseSeconds) {
    }

    public record HeartbeatRequest(int attempt, String stage, Integer done, Integer total, Double fraction,
                                   @JsonProperty("eta_seconds") Double etaSeconds) {
    }

    public record HeartbeatResponse(@JsonProperty("lease_seconds") int leaseSeconds, boolean cancelled) {
    }

    public record ResultRequest(int attempt, JsonNode outcome) {
    }

    public record FailureRequest(int attempt, String reason, @JsonProperty("log_tail") String logTail,
                                 @JsonProperty("plugin_fault") boolean pluginFault) {
    }

    @Inject
    Callers callers;

    @Inject
    Herder herder;

    @Inject
    PluginJars jars;

    @Inject
    dev.lacuna.server.job.service.ServedTestbeds testbeds;

    @Inject
    LacunaConfig config;

    @Inject
    dev.lacuna.server.job.service.QueueSignal signal;

    @Context
    HttpHeaders headers;

    @Context
    io.vertx.core.http.HttpServerRequest connection;

    @POST
    @Path("/claim")
    @Operation(summary = "Claim the next job", description = "Leases the oldest claimable job to the calling worker: 200 with "
            + "the job, or 204 when nothing is waiting. With wait=N (seconds, at most " + MAX_WAIT_SECONDS + ") the answer "
            + "comes as soon as a job is queued within that time, so an idle worker starts new work at once without polling.")
    @APIResponse(responseCode = "200", description = "A job, leased for lease_seconds")
    @APIResponse(responseCode = "204", description = "No job is waiting (within wait seconds)")
    @APIResponse(responseCode = "400", description = "wait is negative")
    public Response claim(ClaimRequest request, @QueryParam("wait") @DefaultValue("0") int waitSeconds) throws InterruptedException {
        callers.require(headers, Role.WORKER);
        if (waitSeconds < 0) {
            throw Problem.of(400, "wait must be 0 or more seconds, got " + waitSeconds + ".");
        }
        String worker = request == null || request.worker() == null || request.worker().isBlank() ? "unnamed" : request.worker();
        worker = worker.length() > 200 ? worker.substring(0, 200) : worker;
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.min(waitSeconds, MAX_WAIT_SECONDS)).toNanos();
        Optional<JobQueue.Claimed> claimed;
        while (true) {
            long seen = signal.generation();
            if (connection.response().closed()) {
                // the worker is gone (killed, or gave up): a job leased now would wait for its lease to expire
                return Response.noContent().build();
            }
            claimed = herder.claim(worker);
            long left = deadline - System.nanoTime();
            if (claimed.isPresent() || left <= 0) {
                break;
            }
            signal.awaitAfter(seen, Duration.ofNanos(left));
        }
        if (claimed.isEmpty()) {
            return Response.noContent().build();
        }
        JobQueue.Claimed c = claimed.get();
        return Response.ok(new ClaimResponse(c.job().id, c.job().attempt, c.job().type, tree(c.job().task), c.leaseSeconds())).build();
    }

    @POST
    @Path("/jobs/{id}/heartbeat")
    @Operation(summary = "Extend a lease and report progress", description = "409 when the attempt was superseded (the "
            + "lease expired and the job runs elsewhere) or the job is no longer running; cancelled true asks the worker to stop.")
    @APIResponse(responseCode = "200", description = "The lease is extended")
    @APIResponse(responseCode = "409", description = "Not the job's current attempt")
    public HeartbeatResponse heartbeat(@PathParam("id") long id, HeartbeatRequest request) {
        callers.require(headers, Role.WORKER);
        requireBody(request);
        boolean cancelled = herder.heartbeat(id, request.attempt(), request.stage(), request.done(), request.total(),
                request.etaSeconds());
        return new HeartbeatResponse(config.platform().leaseSeconds(), cancelled);
    }

    @POST
    @Path("/jobs/{id}/result")
    @Operation(summary = "Hand back a job's outcome", description = "Accepted once, from the job's current attempt; a result "
            + "of a superseded attempt is refused with 409, so a job never has two results.")
    @APIResponse(responseCode = "200", description = "The job is done")
    @APIResponse(responseCode = "409", description = "Not the job's current attempt, or the job is finished")
    @APIResponse(responseCode = "422", description = "The outcome is not a valid outcome")
    public Map<String, String> result(@PathParam("id") long id, ResultRequest request) {
        callers.require(headers, Role.WORKER);
        requireBody(request);
        if (request.outcome() == null || !request.outcome().isObject()) {
            throw Problem.of(422, "The result needs the task's outcome as a JSON object in 'outcome'.");
        }
        try {
            herder.complete(id, request.attempt(), request.outcome().toString());
            return Map.of("state", "done");
        } catch (IllegalArgumentException e) {
            throw Problem.of(422, "The outcome is not valid: " + e.getMessage());
        }
    }

    @POST
    @Path("/jobs/{id}/failure")
    @Operation(summary = "Report a failed attempt", description = "plugin_fault true fails the job for good (it counts against "
            + "the submitter); otherwise the job runs again while attempts are left.")
    @APIResponse(responseCode = "200", description = "Recorded")
    @APIResponse(responseCode = "409", description = "Not the job's current attempt")
    public Map<String, String> failure(@PathParam("id") long id, FailureRequest request) {
        callers.require(headers, Role.WORKER);
        requireBody(request);
        String reason = request.reason() == null || request.reason().isBlank() ? "the worker gave no reason" : request.reason();
        String log = request.logTail() == null ? "" : request.logTail();
        herder.fail(id, request.attempt(), cut(reason, 2000), cut(log, 20_000), request.pluginFault());
        return Map.of("state", "recorded");
    }

    @GET
    @Path("/jars/{sha256}")
    @Produces("application/java-archive")
    @Operation(summary = "Download a plugin JAR by its sha256")
    @APIResponse(responseCode = "200", description = "The JAR's bytes")
    @APIResponse(responseCode = "404", description = "No such JAR")
    public byte[] jar(@PathParam("sha256") String sha256) {
        callers.require(headers, Role.WORKER);
        return jars.bytes(sha256).orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "no plugin JAR with sha256 " + sha256));
    }

    @GET
    @Path("/testbeds/{hash}/{file}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download one file of a testbed the server holds", description = "From the server's own testbed store "
            + "or the published leaderboard's testbeds/<hash>/ folders; workers check every file against the manifest's hashes.")
    @APIResponse(responseCode = "200", description = "The file's bytes")
    @APIResponse(responseCode = "404", description = "No such testbed or file")
    public byte[] testbedFile(@PathParam("hash") String hash, @PathParam("file") String file) {
        callers.require(headers, Role.WORKER);
        if (!hash.matches("[0-9a-f]{64}") || !file.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
            throw Problem.of(Response.Status.NOT_FOUND, "no testbed file " + hash + "/" + file);
        }
        java.nio.file.Path path = testbeds.folder(hash).map(f -> f.resolve(file)).filter(Files::isRegularFile).orElse(null);
        if (path != null) {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "cannot read testbed file " + hash + "/" + file);
            }
        }
        throw Problem.of(Response.Status.NOT_FOUND, "this server holds no testbed file " + hash + "/" + file);
    }

    private static void requireBody(Object request) {
        if (request == null) {
            throw Problem.of(Response.Status.BAD_REQUEST, "The request needs a JSON body with the attempt.");
        }
    }

    private static String cut(String text, int chars) {
        return text.length() > chars ? text.substring(0, chars) + " [...]" : text;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored task is not JSON", e);
        }
    }
}
