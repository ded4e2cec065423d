package dev.lacuna.server.job.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lacuna.server.job.model.EvaluationRecord;
import dev.lacuna.server.job.model.JobRecord;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An evaluation with its jobs: how many of its steps are done out of how many it will have, and its result's
 * address once it has one.
 */
public record EvaluationView(long id, @JsonProperty("submission_id") String submissionId, String testbed, List<Long> seeds,
                             String state, String reason, @JsonProperty("submitter_fault") boolean submitterFault,
                             @JsonProperty("steps_done") int stepsDone, @JsonProperty("steps_total") int stepsTotal,
                             @JsonProperty("result_id") String resultId, @JsonProperty("result_url") String resultUrl,
                             @JsonProperty("created_at") OffsetDateTime createdAt, @JsonProperty("started_at") OffsetDateTime startedAt,
                             @JsonProperty("finished_at") OffsetDateTime finishedAt, List<JobView> jobs) {

    /** Whether it reached a final state. */
    public boolean finished() {
        return dev.lacuna.server.job.model.RunStates.isFinal(state);
    }

    public static EvaluationView of(EvaluationRecord e, List<JobRecord> jobs, int stepsTotal) {
        int done = (int) jobs.stream().filter(j -> j.state.equals("done")).count();
        List<Long> seeds = java.util.Arrays.stream(e.seeds.split(",")).map(Long::valueOf).toList();
        return new EvaluationView(e.id, e.submissionId, e.family + "/" + e.model, seeds, e.state, e.reason, e.submitterFault, done,
                stepsTotal, e.resultId, e.resultId == null ? null : "/api/results/" + e.resultId, e.createdAt, e.startedAt,
                e.finishedAt, jobs.stream().map(JobView::of).toList());
    }
}
