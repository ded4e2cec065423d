package dev.lacuna.server.job.service;

import dev.lacuna.engine.plan.EvaluationPlan;
import dev.lacuna.engine.plan.EvaluationSpec;
import dev.lacuna.engine.plan.PluginRef;
import dev.lacuna.engine.plan.TaskJson;
import dev.lacuna.engine.plan.TaskOutcome;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.results.Result;
import dev.lacuna.server.LacunaConfig;
import dev.lacuna.server.job.model.EvaluationRecord;
import dev.lacuna.server.job.model.JobRecord;
import dev.lacuna.server.job.model.StoredOutcome;
import dev.lacuna.server.leaderboard.service.PlatformResults;
import dev.lacuna.server.submission.model.Submission;
import dev.lacuna.spi.PluginKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps every evaluation's state (as Kafka Connect's herder keeps its connectors'): turns an evaluation into jobs as
 * its {@link EvaluationPlan} allows, takes each finished job's outcome, creates the steps it unlocks, and once every
 * sweep is in assembles the result in the server (statistics and p-values, pure Java) and publishes it on the board.
 * A step whose task ran before anywhere on the platform (same content key) takes the stored outcome instead of a
 * worker. Everything lives in the database, so a server restarted mid-evaluation continues it. An evaluation's state
 * only moves forward; a failed step fails it with the step's reason, and the other steps are cancelled.
 */
@ApplicationScoped
public class Herder {

    private static final Logger LOG = Logger.getLogger(Herder.class);

    /** How the reference objective of localizer evaluations is registered: the bundled NPO, beta 0.5. */
    public static final String REFERENCE_NAME = "npo-objective";

    @Inject
    LacunaConfig config;

    @Inject
    JobQueue queue;

    @Inject
    PlatformResults results;

    @Inject
    ServedTestbeds testbeds;

    @Inject
    jakarta.enterprise.event.Event<QueueSignal.Queued> queued;

    /** Starts an evaluation of a stored submission on the default testbed family and seeds. */
    @Transactional
    public EvaluationRecord startDefault(String submissionId) {
        String[] testbed = config.platform().defaultTestbed().split("/", 2);
        return start(submissionId, testbed[0], testbed[1], config.platform().defaultSeeds());
    }

    /** Starts an evaluation; its first jobs are queued (or taken from stored outcomes) at once. */
    @Transactional
    public EvaluationRecord start(String submissionId, String family, String model, List<Long> seeds) {
        Submission submission = Submission.findById(submissionId);
        if (submission == null) {
            throw new IllegalArgumentException("no submission " + submissionId);
        }
        ProtocolConfig protocol = protocol();
        PluginKind kind = PluginKind.valueOf(submission.kind.toUpperCase(java.util.Locale.ROOT));
        PluginRef plugin = new PluginRef(submission.sha256, submission.name, submission.version, true);
        PluginRef reference = null;
        if (kind == PluginKind.LOCALIZER) {
            Submission npo = Submission.<Submission>find("builtin = true and name = ?1", REFERENCE_NAME).firstResult();
            if (npo == null) {
                throw new IllegalStateException("localizers are evaluated with the built-in " + REFERENCE_NAME
                        + ", which is not registered on this server");
            }
            // harness code: workers run it outside the sandbox only if it is their own bundled reference
            reference = new PluginRef(npo.sha256, npo.name, npo.version, false);
        }
        EvaluationSpec spec = new EvaluationSpec(kind, plugin, false, reference, family, model, seeds, protocol);
        EvaluationRecord evaluation = new EvaluationRecord();
        evaluation.submissionId = submissionId;
        evaluation.family = family;
        evaluation.model = model;
        evaluation.seeds = seeds.stream().map(String::valueOf).collect(Collectors.joining(","));
        evaluation.spec = TaskJson.write(spec);
        evaluation.state = "queued";
        evaluation.persist();
        advance(evaluation);
        return evaluation;
    }

    /** The next job for a worker; its evaluation is running from its first claim on. */
    @Transactional
    public Optional<JobQueue.Claimed> claim(String worker) {
        Optional<JobQueue.Claimed> claimed = queue.claim(worker, this::exhausted);
        claimed.ifPresent(c -> {
            EvaluationRecord evaluation = EvaluationRecord.findById(c.job().evaluationId);
            if (evaluation.state.equals("queued")) {
                evaluation.state = "running";
                evaluation.startedAt = c.job().startedAt;
            }
        });
        return claimed;
    }

    /** A heartbeat of the attempt a worker holds; true when the job was cancelled and the worker should stop. */
    public boolean heartbeat(long jobId, int attempt, String stage, Integer done, Integer total, Double etaSeconds) {
        return queue.heartbeat(jobId, attempt, stage, done, total, etaSeconds);
    }

    /** The protocol settings of new evaluations, as configured. */
    ProtocolConfig protocol() {
        ProtocolConfig protocol = ProtocolConfig.standard(Map.of())
                .withAlphas(ProtocolConfig.evenAlphas(config.platform().alphas()))
                .withPermutations(config.platform().permutations())
                .withUnconstrained(config.platform().unconstrained());
        Optional<List<Integer>> schedule = config.platform().schedule();
        if (schedule.isPresent()) {
            protocol = protocol.withSchedule(schedule.get().get(0), schedule.get().get(1));
        }
        Optional<List<Integer>> grid = config.platform().calibrationGrid();
        if (grid.isPresent()) {
            protocol = protocol.withGrid(grid.get().get(0), grid.get().get(1));
        }
        return protocol;
    }

    /**
     * Takes a worker's outcome for the attempt it holds; the same outcome finishes every other waiting job with
     * the same content key, and each evaluation concerned advances.
     *
     * @throws dev.lacuna.server.problem.Problem 409 when the attempt is not the job's current one
     */
    @Transactional
    public void complete(long jobId, int attempt, String outcomeJson) {
        JobRecord job = queue.current(jobId, attempt);
        TaskOutcome outcome = TaskJson.readOutcome(outcomeJson);
        String canonical = TaskJson.write(outcome);
        OffsetDateTime now = queue.now();
        finish(job, canonical, false, now);
        if (StoredOutcome.findById(job.contentKey) == null) {
            StoredOutcome stored = new StoredOutcome();
            stored.contentKey = job.contentKey;
            stored.type = job.type;
            stored.outcome = canonical;
            stored.persist();
        }
        List<JobRecord> twins = JobRecord.list("contentKey = ?1 and state = 'queued' and id <> ?2", job.contentKey, job.id);
        for (JobRecord twin : twins) {
            finish(twin, canonical, true, now);
        }
        advance(EvaluationRecord.findById(job.evaluationId));
        for (Long evaluation : twins.stream().map(t -> t.evaluationId).distinct().toList()) {
            if (!evaluation.equals(job.evaluationId)) {
                advance(EvaluationRecord.findById(evaluation));
            }
        }
    }

    /**
     * A failed attempt. A plugin's failure is final (the same plugin on the same input fails again) and counts
     * against its submitter; the platform's is retried while attempts are left, then fails the evaluation without
     * counting.
     */
    @Transactional
    public void fail(long jobId, int attempt, String reason, String logTail, boolean pluginFault) {
        JobRecord job = queue.current(jobId, attempt);
        job.logTail = logTail;
        job.leaseExpiresAt = null;
        if (!pluginFault && job.attempt < job.maxAttempts) {
            job.state = "queued";
            job.reason = "attempt " + attempt + " failed: " + reason + " (will run again)";
            job.stage = null;
            queued.fire(new QueueSignal.Queued());
            return;
        }
        job.state = "failed";
        job.reason = reason;
        job.finishedAt = queue.now();
        failEvaluation(job, pluginFault);
    }

    /** A job whose leases all expired: its evaluation fails by the platform's fault. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void exhausted(JobRecord job) {
        failEvaluation(job, false);
    }

    /** Cancels an evaluation: its unfinished jobs are cancelled, running ones stop at their next heartbeat. */
    @Transactional
    public EvaluationRecord cancel(long evaluationId) {
        EvaluationRecord evaluation = existing(evaluationId);
        if (evaluation.finished()) {
            throw new IllegalStateException("evaluation " + evaluationId + " is " + evaluation.state + " already");
        }
        OffsetDateTime now = queue.now();
        for (JobRecord job : JobRecord.ofEvaluation(evaluationId)) {
            if (!job.finished()) {
                job.state = "cancelled";
                job.reason = "cancelled by an admin";
                job.finishedAt = now;
            }
        }
        evaluation.state = "cancelled";
        evaluation.reason = "cancelled by an admin";
        evaluation.submitterFault = false;
        evaluation.finishedAt = now;
        return evaluation;
    }

    /**
     * Runs a failed or cancelled evaluation again: its failed and cancelled jobs are queued with fresh attempts,
     * finished ones keep their outcomes. The one way an evaluation's state goes back, and only on an admin's word.
     */
    @Transactional
    public EvaluationRecord retry(long evaluationId) {
        EvaluationRecord evaluation = existing(evaluationId);
        if (!evaluation.state.equals("failed") && !evaluation.state.equals("cancelled")) {
            throw new IllegalStateException("evaluation " + evaluationId + " is " + evaluation.state + ": only a failed or "
                    + "cancelled one can be retried");
        }
        for (JobRecord job : JobRecord.ofEvaluation(evaluationId)) {
            if (job.state.equals("failed") || job.state.equals("cancelled")) {
                job.state = "queued";
                job.maxAttempts = job.attempt + config.platform().maxAttempts();
                job.reason = "retried by an admin after: " + job.reason;
                job.finishedAt = null;
                queued.fire(new QueueSignal.Queued());
            }
        }
        evaluation.state = "running";
        evaluation.reason = null;
        evaluation.submitterFault = true;
        evaluation.finishedAt = null;
        advance(evaluation);
        return evaluation;
    }

    /** Continues every unfinished evaluation (at start: a step may have been cut off between two transactions). */
    @Transactional
    public void resumeAll() {
        for (EvaluationRecord evaluation : EvaluationRecord.unfinished()) {
            advance(evaluation);
        }
    }

    /** Creates the steps the plan allows now, reuses stored outcomes, and assembles the result when complete. */
    void advance(EvaluationRecord evaluation) {
        if (evaluation.finished()) {
            return;
        }
        EvaluationPlan plan = new EvaluationPlan(TaskJson.readSpec(evaluation.spec));
        Map<String, JobRecord> jobs = new LinkedHashMap<>();
        for (JobRecord job : JobRecord.ofEvaluation(evaluation.id)) {
            jobs.put(job.step, job);
        }
        OffsetDateTime now = queue.now();
        Map<String, TaskOutcome> done = outcomes(jobs);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (EvaluationPlan.Step step : plan.ready(done)) {
                if (jobs.containsKey(step.key())) {
                    continue;
                }
                dev.lacuna.engine.plan.Task task = step.task() instanceof dev.lacuna.engine.plan.Task.Testbed t
                        ? testbeds.hashOf(t.testbed().data(), t.testbed().model(), t.testbed().maskSeed())
                                .<dev.lacuna.engine.plan.Task>map(hash -> new dev.lacuna.engine.plan.Task.Testbed(t.testbed().pinned(hash)))
                                .orElse(t)
                        : step.task();
                JobRecord job = new JobRecord();
                job.evaluationId = evaluation.id;
                job.step = step.key();
                job.type = task.type();
                job.task = TaskJson.write(task);
                job.contentKey = TaskJson.contentKey(task);
                job.maxAttempts = config.platform().maxAttempts();
                job.state = "queued";
                StoredOutcome stored = StoredOutcome.findById(job.contentKey);
                if (stored != null) {
                    job.state = "done";
                    job.reused = true;
                    job.outcome = stored.outcome;
                    job.finishedAt = now;
                    done.put(step.key(), TaskJson.readOutcome(stored.outcome));
                    grew = true;
                } else {
                    queued.fire(new QueueSignal.Queued());
                }
                job.persist();
                jobs.put(step.key(), job);
            }
        }
        if (jobs.values().stream().anyMatch(j -> j.attempt > 0 || j.state.equals("done")) && evaluation.state.equals("queued")) {
            evaluation.state = "running";
            evaluation.startedAt = now;
        }
        if (plan.complete(done)) {
            double seconds = Duration.between(evaluation.createdAt == null ? now : evaluation.createdAt, now).toMillis() / 1000.0;
            Result result = plan.result(done, seconds);
            Map<String, String> manifests = new LinkedHashMap<>();
            for (TaskOutcome o : done.values()) {
                if (o instanceof TaskOutcome.TestbedReady t) {
                    manifests.put(t.hash(), t.manifest());
                }
            }
            evaluation.resultId = results.publish("platform/evaluation-" + evaluation.id + ".json", evaluation.family,
                    evaluation.model, result, manifests);
            evaluation.state = "done";
            evaluation.finishedAt = now;
            if (evaluation.startedAt == null) {
                evaluation.startedAt = now;
            }
            LOG.infof("evaluation %d of submission %s done: result %s", evaluation.id, evaluation.submissionId, evaluation.resultId);
        }
    }

    private void failEvaluation(JobRecord job, boolean pluginFault) {
        EvaluationRecord evaluation = EvaluationRecord.findById(job.evaluationId);
        if (evaluation.finished()) {
            return;
        }
        OffsetDateTime now = queue.now();
        evaluation.state = "failed";
        evaluation.reason = "step " + job.step + " failed: " + job.reason;
        evaluation.submitterFault = pluginFault;
        evaluation.finishedAt = now;
        for (JobRecord other : JobRecord.ofEvaluation(evaluation.id)) {
            if (!other.finished()) {
                other.state = "cancelled";
                other.reason = "its evaluation failed at step " + job.step;
                other.finishedAt = now;
            }
        }
    }

    private static void finish(JobRecord job, String outcome, boolean reused, OffsetDateTime now) {
        job.state = "done";
        job.outcome = outcome;
        job.reused = reused;
        job.finishedAt = now;
        job.leaseExpiresAt = null;
        if (!reused) {
            job.stage = "done";
        }
    }

    private static Map<String, TaskOutcome> outcomes(Map<String, JobRecord> jobs) {
        Map<String, TaskOutcome> done = new LinkedHashMap<>();
        jobs.forEach((step, job) -> {
            if (job.state.equals("done") && job.outcome != null) {
                done.put(step, TaskJson.readOutcome(job.outcome));
            }
        });
        return done;
    }

    private static EvaluationRecord existing(long id) {
        EvaluationRecord evaluation = EvaluationRecord.findById(id);
        if (evaluation == null) {
            throw new IllegalArgumentException("no evaluation " + id);
        }
        return evaluation;
    }

    /** Jobs of an evaluation, for its page and API. */
    public List<JobRecord> jobs(long evaluationId) {
        return new ArrayList<>(JobRecord.ofEvaluation(evaluationId));
    }

    public Optional<EvaluationRecord> evaluation(long id) {
        return EvaluationRecord.findByIdOptional(id);
    }
}
