package dev.lacuna.server.submission.service;

import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.server.LacunaConfig;
import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.model.Submitter;
import dev.lacuna.server.account.service.Caller;
import dev.lacuna.server.problem.Problem;
import dev.lacuna.server.submission.model.PluginJar;
import dev.lacuna.server.submission.model.Submission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Optional;

/**
 * The transactions behind storing a submission, apart from the validation before them and the event after them,
 * so that the event fires only once the rows are committed and no database connection is held while a JAR is
 * checked. An upload locks its submitter's row, so the limits are checked and the rows written one upload of that
 * submitter at a time.
 */
@ApplicationScoped
class SubmissionStore {

    /** What a client waits before asking again when too many of its evaluations are under way. */
    static final int EVALUATIONS_RETRY_SECONDS = 60;

    @Inject
    LacunaConfig config;

    @Transactional
    Optional<StoredSubmission> find(String sha256) {
        return Submission.bySha256(sha256).map(stored -> view(stored, true));
    }

    /**
     * Stores a validated JAR and its submission, unless a JAR with its sha256 was stored meanwhile (then that one,
     * as a duplicate). {@code uploader} null stores a built-in baseline, which no limit applies to.
     *
     * @throws Problem 429 with {@code Retry-After} when the uploader, not an admin, is over a limit
     */
    @Transactional
    StoredSubmission store(JarBytes jar, PluginDescriptor descriptor, Caller uploader) {
        Submitter submitter = null;
        if (uploader != null) {
            submitter = Submitter.locked(uploader.id())
                    .orElseThrow(() -> new IllegalStateException("submitter " + uploader.id() + " vanished"));
        }
        Optional<Submission> existing = Submission.bySha256(jar.sha256());
        if (existing.isPresent()) {
            return view(existing.get(), true);
        }
        if (uploader != null && uploader.role() != Role.ADMIN) {
            checkLimits(uploader);
        }
        PluginJar stored = new PluginJar();
        stored.sha256 = jar.sha256();
        stored.bytes = jar.bytes();
        stored.sizeBytes = jar.bytes().length;
        stored.persist();
        Submission submission = new Submission();
        submission.id = jar.submissionId();
        submission.sha256 = jar.sha256();
        submission.submitter = submitter;
        submission.builtin = uploader == null;
        submission.kind = descriptor.kind().label();
        submission.name = descriptor.name();
        submission.version = descriptor.version();
        submission.authors = descriptor.authors();
        submission.persist();
        // a concurrent insert of the same sha256 fails here, inside the method, where the caller can tell it apart
        Submission.flush();
        return view(submission, false);
    }

    private void checkLimits(Caller uploader) {
        LacunaConfig.Platform limits = config.platform();
        List<Double> aging = Submission.countedUploadsAging(uploader.id());
        if (aging.size() >= limits.uploadsPerDay()) {
            // the upload that must age out for one slot to free: the oldest, unless the limit was lowered since
            double seconds = aging.get(aging.size() - limits.uploadsPerDay());
            throw Problem.of(429, "'" + uploader.name() + "' has made " + aging.size() + " uploads in the last 24 hours, "
                            + "the limit is " + limits.uploadsPerDay() + " (lacuna.platform.uploads-per-day); the next "
                            + "one is possible in " + retryAfter(seconds) + " seconds.")
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter(seconds)));
        }
        long active = Submission.activeEvaluations(uploader.id());
        if (active >= limits.concurrentEvaluations()) {
            throw Problem.of(429, "'" + uploader.name() + "' has " + active + " evaluations queued or running, the limit "
                            + "is " + limits.concurrentEvaluations() + " (lacuna.platform.concurrent-evaluations); upload "
                            + "again when one has finished.")
                    .withHeader(HttpHeaders.RETRY_AFTER, Integer.toString(EVALUATIONS_RETRY_SECONDS));
        }
    }

    /** Whole seconds, rounded up and at least 1: a client that waits this long finds the slot free. */
    private static long retryAfter(double seconds) {
        return Math.max(1, (long) Math.ceil(seconds));
    }

    private static StoredSubmission view(Submission submission, boolean duplicate) {
        return new StoredSubmission(submission.id, submission.kind, submission.name, submission.version,
                submission.sha256, submission.builtin, duplicate);
    }
}
