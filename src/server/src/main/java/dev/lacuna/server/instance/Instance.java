package dev.lacuna.server.instance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** The identity of this installation, created on the first start and kept for its lifetime. */
@Entity
@Table(name = "instance")
@NamedQuery(name = "Instance.oldest", query = "from Instance order by createdAt")
public class Instance extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public static Optional<Instance> findOldest() {
        return find("#Instance.oldest").firstResultOptional();
    }
}
