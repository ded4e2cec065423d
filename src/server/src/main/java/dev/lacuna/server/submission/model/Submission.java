package dev.lacuna.server.submission.model;

import dev.lacuna.server.account.model.Submitter;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.Generated;

/**
 * A plugin JAR someone uploaded, or a built-in baseline the server registered. Its id is the first 12 hex digits
 * of the JAR's sha256, the same id the board gives published results of that JAR. What it declares (kind, name,
 * version, authors) is copied from the validated manifest so that pages need not open the JAR.
 *
 * <p>The limit queries are native because they read {@code evaluation}, which the job queue owns and maps; they
 * count by the database's clock, the one {@code created_at} was set by.
 */
@Entity
@Table(name = "submission")
@NamedQuery(name = "Submission.bySha256", query = "from Submission where sha256 = ?1")
@NamedNativeQuery(name = "Submission.countedUploadsAging",
        query = "select extract(epoch from (s.created_at + interval '24 hours' - now())) from submission s"
                + " where s.submitter_id = ?1 and s.created_at > now() - interval '24 hours'"
                + " and (not exists (select 1 from evaluation e where e.submission_id = s.id)"
                + "      or exists (select 1 from evaluation e where e.submission_id = s.id"
                + "                 and not (e.state = 'failed' and e.submitter_fault = false)))"
                + " order by s.created_at")
@NamedNativeQuery(name = "Submission.activeEvaluations",
        query = "select count(*) from evaluation e join submission s on s.id = e.submission_id"
                + " where s.submitter_id = ?1 and e.state in ('queued', 'running')")
public class Submission extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false, unique = true)
    public String sha256;

    /** Who uploaded it; null for a built-in baseline. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "submitter_id")
    public Submitter submitter;

    @Column(nullable = false)
    public boolean builtin;

    /** {@code objective} or {@code localizer}, as the manifest's kind label. */
    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String authors;

    @Generated
    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<Submission> bySha256(String sha256) {
        return find("#Submission.bySha256", sha256).firstResultOptional();
    }

    /**
     * For each of the submitter's uploads that counts toward the daily limit, oldest first, the seconds until it is
     * 24 hours old. An upload counts unless every evaluation it has failed by the platform's fault
     * ({@code submitter_fault = false}); one not yet evaluated counts.
     */
    public static List<Double> countedUploadsAging(long submitterId) {
        List<?> rows = getEntityManager().createNamedQuery("Submission.countedUploadsAging")
                .setParameter(1, submitterId).getResultList();
        return rows.stream().map(row -> ((Number) row).doubleValue()).toList();
    }

    /** How many evaluations of the submitter's submissions are queued or running. */
    public static long activeEvaluations(long submitterId) {
        return ((Number) getEntityManager().createNamedQuery("Submission.activeEvaluations")
                .setParameter(1, submitterId).getSingleResult()).longValue();
    }
}
