package dev.lacuna.server.job.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lacuna.server.job.model.JobRecord;
import java.time.OffsetDateTime;

/**
 * A job as the API and the queue page show it: where it is, who runs it, how far it got and, when it failed, why
 * with the last lines of its log.
 */
public record JobView(long id, @JsonProperty("evaluation_id") long evaluationId, String step, String type, String state,
                      int attempt, @JsonProperty("max_attempts") int maxAttempts, String worker,
                      @JsonProperty("lease_expires_at") OffsetDateTime leaseExpiresAt,
                      @JsonProperty("heartbeat_at") OffsetDateTime heartbeatAt, String stage,
                      @JsonProperty("progress_done") Integer progressDone, @JsonProperty("progress_total") Integer progressTotal,
                      @JsonProperty("eta_seconds") Double etaSeconds, String reason, @JsonProperty("log_tail") String logTail,
                      boolean reused, @JsonProperty("created_at") OffsetDateTime createdAt,
                      @JsonProperty("started_at") OffsetDateTime startedAt, @JsonProperty("finished_at") OffsetDateTime finishedAt) {

    public static JobView of(JobRecord j) {
        return new JobView(j.id, j.evaluationId, j.step, j.type, j.state, j.attempt, j.maxAttempts, j.worker, j.leaseExpiresAt,
                j.heartbeatAt, j.stage, j.progressDone, j.progressTotal, j.etaSeconds, j.reason, j.logTail, j.reused, j.createdAt,
                j.startedAt, j.finishedAt);
    }

    /** Whether it reached a final state. */
    public boolean finished() {
        return dev.lacuna.server.job.model.RunStates.isFinal(state);
    }

    /** Progress as text for pages: "mixing oracle 7/21, ETA 3 min". */
    public String progressText() {
        StringBuilder text = new StringBuilder();
        if (stage != null) {
            text.append(stage);
        }
        if (progressDone != null && progressTotal != null) {
            text.append(' ').append(progressDone).append('/').append(progressTotal);
        }
        if (etaSeconds != null && state.equals("running")) {
            text.append(", ETA ").append(etaSeconds < 90 ? Math.round(etaSeconds) + " s" : Math.round(etaSeconds / 60) + " min");
        }
        return text.toString();
    }
}
