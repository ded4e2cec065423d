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
 * One step of an evaluation, as a worker claims it: the typed task, its lease (who holds it, until when, which
 * attempt), its latest progress and, at the end, its outcome or the reason it failed with the last lines of the
 * worker's log. The attempt number fences: a heartbeat or result that names another attempt is refused.
 */
@Entity
@Table(name = "job")
@NamedQuery(name = "JobRecord.ofEvaluation", query = "from JobRecord where evaluationId = ?1 order by id")
@NamedQuery(name = "JobRecord.byState", query = "from JobRecord where state = ?1 order by id")
@NamedQuery(name = "JobRecord.recent", query = "from JobRecord order by id desc")
@NamedQuery(name = "JobRecord.countByState", query = "select j.state, count(j) from JobRecord j group by j.state")
public class JobRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "evaluation_id", nullable = false)
    public Long evaluationId;

    /** The step's key in the evaluation's plan, e.g. {@code sweep/7/oracle}. */
    @Column(nullable = false)
    public String step;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String task;

    @Column(name = "content_key", nullable = false)
    public String contentKey;

    @Column(nullable = false)
    public String state;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "max_attempts", nullable = false)
    public int maxAttempts;

    public String worker;

    @Column(name = "lease_expires_at")
    public OffsetDateTime leaseExpiresAt;

    @Column(name = "heartbeat_at")
    public OffsetDateTime heartbeatAt;

    public String stage;

    @Column(name = "progress_done")
    public Integer progressDone;

    @Column(name = "progress_total")
    public Integer progressTotal;

    @Column(name = "eta_seconds")
    public Double etaSeconds;

    public String reason;

    @Column(name = "log_tail")
    public String logTail;

    /** The outcome came from the content-keyed store: no worker ran it. */
    @Column(nullable = false)
    public boolean reused;

    public String outcome;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public boolean finished() {
        return RunStates.isFinal(state);
    }

    public static List<JobRecord> ofEvaluation(long evaluationId) {
        return find("#JobRecord.ofEvaluation", evaluationId).list();
    }

    public static List<JobRecord> recent(int limit) {
        return find("#JobRecord.recent").page(0, limit).list();
    }
}
