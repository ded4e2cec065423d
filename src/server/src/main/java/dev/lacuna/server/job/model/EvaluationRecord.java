package dev.lacuna.server.job.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One submission on one testbed family over its mask seeds. Its {@code spec} (the engine's evaluation spec as
 * JSON) and the outcomes of its jobs are all it needs, so a server that restarts mid-evaluation continues it. Its
 * state only moves forward: queued, running, then done, failed or cancelled.
 */
@Entity
@Table(name = "evaluation")
@NamedQuery(name = "EvaluationRecord.bySubmission", query = "from EvaluationRecord where submissionId = ?1 order by id")
@NamedQuery(name = "EvaluationRecord.unfinished", query = "from EvaluationRecord where state in ('queued', 'running') order by id")
@NamedQuery(name = "EvaluationRecord.recent", query = "from EvaluationRecord order by id desc")
public class EvaluationRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "submission_id", nullable = false)
    public String submissionId;

    @Column(nullable = false)
    public String family;

    @Column(nullable = false)
    public String model;

    /** Mask seeds, comma-separated, the first calibrates. */
    @Column(nullable = false)
    public String seeds;

    @Column(nullable = false)
    public String spec;

    @Column(nullable = false)
    public String state;

    public String reason;

    /** False when the platform, not the plugin, failed it: then it does not count against the submitter. */
    @Column(name = "submitter_fault", nullable = false)
    public boolean submitterFault = true;

    /** The published_result row of its result, once done. */
    @Column(name = "result_id")
    public String resultId;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public boolean finished() {
        return RunStates.isFinal(state);
    }

    public static List<EvaluationRecord> bySubmission(String submissionId) {
        return find("#EvaluationRecord.bySubmission", submissionId).list();
    }

    public static List<EvaluationRecord> unfinished() {
        return find("#EvaluationRecord.unfinished").list();
    }

    public static List<EvaluationRecord> recent(int limit) {
        return find("#EvaluationRecord.recent").page(0, limit).list();
    }
}
