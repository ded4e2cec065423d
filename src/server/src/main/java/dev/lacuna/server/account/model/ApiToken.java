package dev.lacuna.server.account.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.hibernate.annotations.Generated;

/**
 * An API token, kept only as the sha256 of its text: a copy of the database lets nobody act as a submitter. The
 * token itself is shown once, when it is created.
 */
@Entity
@Table(name = "api_token")
@NamedQuery(name = "ApiToken.bySha256",
        query = "from ApiToken t join fetch t.submitter where t.tokenSha256 = ?1")
@NamedQuery(name = "ApiToken.touch", query = "update ApiToken set lastUsedAt = current_timestamp where id = ?1")
public class ApiToken extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "submitter_id", nullable = false)
    public Submitter submitter;

    /** Lower-case hex sha256 of the token's UTF-8 text, prefix included. */
    @Column(name = "token_sha256", nullable = false, unique = true)
    public String tokenSha256;

    @Generated
    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    /** When the token last authenticated a request (database clock); null until it has. */
    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;

    /** The token whose text hashes to {@code sha256}, with its submitter. */
    public static Optional<ApiToken> bySha256(String sha256) {
        return find("#ApiToken.bySha256", sha256).firstResultOptional();
    }

    /** Records that the token was just used, by the database's clock. */
    public static void touch(long id) {
        getEntityManager().createNamedQuery("ApiToken.touch").setParameter(1, id).executeUpdate();
    }
}
