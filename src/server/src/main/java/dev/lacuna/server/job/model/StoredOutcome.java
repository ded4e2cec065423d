package dev.lacuna.server.job.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A finished task's outcome under its content key (the sha256 of the task's canonical JSON: testbed hash, plugin
 * sha256, region, rate, protocol settings), so an evaluation that needs a task already run anywhere on the
 * platform, or one re-run after a crash, takes the outcome instead of computing it again.
 */
@Entity
@Table(name = "task_outcome")
public class StoredOutcome extends PanacheEntityBase {

    @Id
    @Column(name = "content_key")
    public String contentKey;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String outcome;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
