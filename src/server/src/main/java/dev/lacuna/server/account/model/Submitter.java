package dev.lacuna.server.account.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.hibernate.annotations.Generated;

/**
 * Someone who may hold API tokens: a researcher who uploads plugins, a worker machine, or an admin. The name is
 * unique and is how the token command finds an existing submitter; the e-mail is kept to reach them.
 */
@Entity
@Table(name = "submitter")
@NamedQuery(name = "Submitter.byName", query = "from Submitter where name = ?1")
public class Submitter extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(nullable = false)
    public String email;

    @Convert(converter = RoleColumn.class)
    @Column(nullable = false)
    public Role role;

    /** Set by the database ({@code now()}), the clock the upload limits count with. */
    @Generated
    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<Submitter> byName(String name) {
        return find("#Submitter.byName", name).firstResultOptional();
    }

    /**
     * The submitter with this id, its row locked until the transaction ends: uploads of one submitter check their
     * limits and store one at a time, so two at once cannot both pass the last free slot.
     */
    public static Optional<Submitter> locked(long id) {
        return Optional.ofNullable(findById(id, LockModeType.PESSIMISTIC_WRITE));
    }
}
