package dev.lacuna.server.job.service;

import dev.lacuna.engine.plan.EvaluationPlan;
import dev.lacuna.engine.plan.TaskJson;
import dev.lacuna.server.job.mapping.EvaluationView;
import dev.lacuna.server.job.mapping.JobView;
import dev.lacuna.server.job.model.EvaluationRecord;
import dev.lacuna.server.job.model.JobRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side of the queue: jobs and evaluations as pages, the API and its event streams show them. */
@ApplicationScoped
public class Jobs {

    @ActivateRequestContext
    @Transactional
    public Optional<JobView> job(long id) {
        return JobRecord.<JobRecord>findByIdOptional(id).map(JobView::of);
    }

    @ActivateRequestContext
    @Transactional
    public Optional<EvaluationView> evaluation(long id) {
        return EvaluationRecord.<EvaluationRecord>findByIdOptional(id).map(this::view);
    }

    /**
     * The evaluation as of at most {@link #FRESH_MILLIS} ago: what status polls and progress pages read, so hundreds
     * of clients following one evaluation cost the database one read per second rather than one each.
     */
    public Optional<EvaluationView> recentEvaluation(long id) {
        long now = System.nanoTime();
        Snapshot cached = snapshots.get(id);
        if (cached != null && now - cached.taken() < FRESH_MILLIS * 1_000_000L) {
            return Optional.of(cached.view());
        }
        Optional<EvaluationView> view = evaluation(id);
        view.ifPresentOrElse(v -> snapshots.put(id, new Snapshot(v, now)), () -> snapshots.remove(id));
        if (snapshots.size() > MAX_SNAPSHOTS) {
            snapshots.clear();
        }
        return view;
    }

    /** How stale a polled evaluation may be. */
    static final long FRESH_MILLIS = 1000;
    private static final int MAX_SNAPSHOTS = 10_000;

    private record Snapshot(EvaluationView view, long taken) {
    }

    private final java.util.concurrent.ConcurrentHashMap<Long, Snapshot> snapshots = new java.util.concurrent.ConcurrentHashMap<>();

    @Transactional
    public List<EvaluationView> evaluationsOf(String submissionId) {
        return EvaluationRecord.bySubmission(submissionId).stream().map(this::view).toList();
    }

    @Transactional
    public List<EvaluationView> recentEvaluations(int limit) {
        return EvaluationRecord.recent(limit).stream().map(this::view).toList();
    }

    @Transactional
    public List<JobView> recentJobs(int limit) {
        return JobRecord.recent(limit).stream().map(JobView::of).toList();
    }

    /** Jobs per state, for the queue page and the queue-depth metric. */
    @ActivateRequestContext
    @Transactional
    public Map<String, Long> countByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of("queued", "running", "done", "failed", "cancelled")) {
            counts.put(state, 0L);
        }
        for (Object row : JobRecord.getEntityManager().createNamedQuery("JobRecord.countByState").getResultList()) {
            Object[] r = (Object[]) row;
            counts.put((String) r[0], ((Number) r[1]).longValue());
        }
        return counts;
    }

    private EvaluationView view(EvaluationRecord e) {
        return EvaluationView.of(e, JobRecord.ofEvaluation(e.id), new EvaluationPlan(TaskJson.readSpec(e.spec)).stepCount());
    }
}
