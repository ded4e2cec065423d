package dev.lacuna.server.job.rest;

import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.rest.Callers;
import dev.lacuna.server.job.mapping.EvaluationView;
import dev.lacuna.server.job.mapping.JobView;
import dev.lacuna.server.job.service.Herder;
import dev.lacuna.server.job.service.Jobs;
import dev.lacuna.server.problem.Problem;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Jobs and evaluations, to read (anyone: the queue is public, as the board is) and for admins to cancel and retry.
 * Progress streams as server-sent events: one event whenever the job or evaluation changed, the last one when it
 * finished; the streams are opened on a worker thread ({@code @Blocking}: a stream's first look is a database read)
 * and read the database from their own scheduler, never from the event loop. Only delegates.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    /** How often an event stream looks for a change. */
    private static final long POLL_MILLIS = 1000;

    @Inject
    Jobs jobs;

    @Inject
    Herder herder;

    @Inject
    Callers callers;

    @Context
    HttpHeaders headers;

    private final ScheduledExecutorService streams = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "progress-events");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        streams.shutdownNow();
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "The most recent jobs, newest first")
    public List<JobView> recentJobs(@QueryParam("limit") @DefaultValue("100") int limit) {
        return jobs.recentJobs(Math.max(1, Math.min(limit, 1000)));
    }

    @GET
    @Path("/jobs/{id}")
    @Operation(summary = "One job: state, attempt, worker, progress and, on failure, its reason and log tail")
    @APIResponse(responseCode = "404", description = "No such job")
    public JobView job(@PathParam("id") long id) {
        return jobs.job(id).orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "no job " + id));
    }

    @GET
    @Path("/jobs/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "A job's progress as server-sent events", description = "An event at once, one per change, and the "
            + "stream ends after the event that shows the job finished.")
    public Multi<JobView> jobEvents(@PathParam("id") long id) {
        job(id);
        return changes(() -> jobs.job(id), JobView::finished);
    }

    @GET
    @Path("/evaluations")
    @Operation(summary = "Evaluations, newest first, or those of one submission")
    public List<EvaluationView> evaluations(@QueryParam("submission") String submission,
                                            @QueryParam("limit") @DefaultValue("50") int limit) {
        return submission == null ? jobs.recentEvaluations(Math.max(1, Math.min(limit, 500))) : jobs.evaluationsOf(submission);
    }

    @GET
    @Path("/evaluations/{id}")
    @Operation(summary = "One evaluation with its jobs and, once done, its result's address",
            description = "As of at most a second ago: pollers of one evaluation share one database read per second.")
    @APIResponse(responseCode = "404", description = "No such evaluation")
    public EvaluationView evaluation(@PathParam("id") long id) {
        return jobs.recentEvaluation(id).orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "no evaluation " + id));
    }

    @GET
    @Path("/evaluations/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "An evaluation's progress as server-sent events, until it finished")
    public Multi<EvaluationView> evaluationEvents(@PathParam("id") long id) {
        evaluation(id);
        return changes(() -> jobs.evaluation(id), EvaluationView::finished);
    }

    @POST
    @Path("/evaluations/{id}/cancel")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Cancel an evaluation (admins)", description = "Its unfinished jobs are cancelled; a running one stops "
            + "at its worker's next heartbeat.")
    @APIResponse(responseCode = "409", description = "The evaluation is finished already")
    public EvaluationView cancel(@PathParam("id") long id) {
        callers.require(headers, Role.ADMIN);
        return admin(() -> herder.cancel(id), id);
    }

    @POST
    @Path("/evaluations/{id}/retry")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Run a failed or cancelled evaluation again (admins)", description = "Finished steps keep their outcomes.")
    @APIResponse(responseCode = "409", description = "The evaluation is not failed or cancelled")
    public EvaluationView retry(@PathParam("id") long id) {
        callers.require(headers, Role.ADMIN);
        return admin(() -> herder.retry(id), id);
    }

    @GET
    @Path("/queue")
    @Operation(summary = "Jobs per state")
    public Map<String, Long> queue() {
        return jobs.countByState();
    }

    /** An admin's action on an evaluation: an unknown one is 404, one in the wrong state 409; then its view. */
    private EvaluationView admin(Runnable action, long id) {
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            throw Problem.of(Response.Status.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            throw Problem.of(Response.Status.CONFLICT, e.getMessage());
        }
        return jobs.evaluation(id).orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "no evaluation " + id));
    }

    /** Emits the current view at once and then each changed one, completing after the first finished one. */
    private <T> Multi<T> changes(Supplier<Optional<T>> read, java.util.function.Predicate<T> finished) {
        return Multi.createFrom().emitter(emitter -> {
            AtomicReference<T> last = new AtomicReference<>();
            AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
            task.set(streams.scheduleWithFixedDelay(() -> {
                try {
                    Optional<T> now = read.get();
                    if (now.isEmpty()) {
                        emitter.complete();
                        return;
                    }
                    if (!Objects.equals(now.get(), last.get())) {
                        last.set(now.get());
                        emitter.emit(now.get());
                    }
                    if (finished.test(now.get())) {
                        emitter.complete();
                    }
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            }, 0, POLL_MILLIS, TimeUnit.MILLISECONDS));
            emitter.onTermination(() -> {
                ScheduledFuture<?> f = task.get();
                if (f != null) {
                    f.cancel(false);
                }
            });
        });
    }
}
