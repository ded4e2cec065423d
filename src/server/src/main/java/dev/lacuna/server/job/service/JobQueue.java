package dev.lacuna.server.job.service;

import dev.lacuna.server.LacunaConfig;
import dev.lacuna.server.job.model.JobRecord;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import dev.lacuna.server.problem.Problem;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The job queue in PostgreSQL: claims, leases, heartbeats and the attempt fence. Every time is the database's
 * clock, so workers with wrong clocks cannot stretch or cut a lease. A claim takes the oldest claimable job ({@code
 * FOR UPDATE SKIP LOCKED}, so concurrent claims never wait on or take the same row): a queued one, or a running one
 * whose lease expired (its worker died), which then runs again as the next attempt. A job whose task (by content key)
 * is already running elsewhere waits, so two evaluations that need the same sweep compute it once. What finishing a
 * job means for its evaluation is the {@link Herder}'s business; this class only guards the job's own state.
 */
@ApplicationScoped
public class JobQueue {

    /** A job handed to a worker: the attempt it must name in every heartbeat and result. */
    public record Claimed(JobRecord job, int leaseSeconds) {
    }

    /** A heartbeat, result or failure that is not the job's current attempt's: 409, answered as it is. */
    static Problem fenced(String message) {
        return Problem.of(Response.Status.CONFLICT, message);
    }

    @Inject
    LacunaConfig config;

    /**
     * The next job for {@code worker}, leased to it; a running job found with an expired lease and no attempts left
     * is failed instead (its reason names the lost leases) and handed to {@code exhausted}.
     */
    @Transactional
    public Optional<Claimed> claim(String worker, java.util.function.Consumer<JobRecord> exhausted) {
        EntityManager em = Panache.getEntityManager();
        while (true) {
            @SuppressWarnings("unchecked")
            List<Number> ids = em.createNativeQuery("""
                    select j.id from job j
                     where (j.state = 'queued'
                            or (j.state = 'running' and j.lease_expires_at < clock_timestamp()))
                       and not exists (select 1 from job o
                                        where o.content_key = j.content_key and o.id <> j.id and o.state = 'running'
                                          and o.lease_expires_at >= clock_timestamp())
                     order by j.id
                     limit 1
                     for update of j skip locked""").getResultList();
            if (ids.isEmpty()) {
                return Optional.empty();
            }
            JobRecord job = JobRecord.findById(ids.get(0).longValue());
            OffsetDateTime now = now();
            if (job.state.equals("running") && job.attempt >= job.maxAttempts) {
                job.state = "failed";
                job.reason = "the lease of attempt " + job.attempt + " of " + job.maxAttempts + " expired (worker " + job.worker
                        + ", last heartbeat " + job.heartbeatAt + "): no attempts left";
                job.finishedAt = now;
                job.leaseExpiresAt = null;
                exhausted.accept(job);
                continue;
            }
            if (job.state.equals("running")) {
                job.reason = "attempt " + job.attempt + " lost its lease (worker " + job.worker + " stopped heartbeating at "
                        + job.heartbeatAt + ")";
            }
            int lease = config.platform().leaseSeconds();
            job.attempt += 1;
            job.state = "running";
            job.worker = worker;
            job.heartbeatAt = now;
            job.leaseExpiresAt = now.plusSeconds(lease);
            job.stage = "starting";
            job.progressDone = null;
            job.progressTotal = null;
            job.etaSeconds = null;
            if (job.startedAt == null) {
                job.startedAt = now;
            }
            return Optional.of(new Claimed(job, lease));
        }
    }

    /**
     * Extends the lease of the attempt and records its progress.
     *
     * @return true when the job was cancelled meanwhile: the worker stops it
     * @throws Problem 409 when the attempt is not the job's current one or the job is not running
     */
    @Transactional
    public boolean heartbeat(long jobId, int attempt, String stage, Integer done, Integer total, Double etaSeconds) {
        JobRecord job = locked(jobId);
        if (job.state.equals("cancelled") && job.attempt == attempt) {
            return true;
        }
        requireCurrent(job, attempt);
        OffsetDateTime now = now();
        job.heartbeatAt = now;
        job.leaseExpiresAt = now.plusSeconds(config.platform().leaseSeconds());
        if (stage != null) {
            job.stage = stage.length() > 100 ? stage.substring(0, 100) : stage;
            job.progressDone = done;
            job.progressTotal = total;
        }
        job.etaSeconds = etaSeconds;
        return false;
    }

    /** The job, locked, checked to be running under this attempt, so exactly one result can ever finish it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public JobRecord current(long jobId, int attempt) {
        JobRecord job = locked(jobId);
        requireCurrent(job, attempt);
        return job;
    }

    /** The database's clock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OffsetDateTime now() {
        Object value = Panache.getEntityManager().createNativeQuery("select clock_timestamp()").getSingleResult();
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("clock_timestamp() gave a " + value.getClass());
    }

    private static JobRecord locked(long jobId) {
        JobRecord job = JobRecord.findById(jobId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw fenced("there is no job " + jobId);
        }
        return job;
    }

    private static void requireCurrent(JobRecord job, int attempt) {
        if (job.attempt != attempt) {
            throw fenced("attempt " + attempt + " of job " + job.id + " was superseded: the job is on attempt " + job.attempt
                    + " (" + job.state + ")");
        }
        if (!job.state.equals("running")) {
            throw fenced("job " + job.id + " is " + job.state + ", not running: attempt " + attempt + " can no longer report");
        }
    }
}
