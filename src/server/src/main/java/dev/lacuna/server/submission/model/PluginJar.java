package dev.lacuna.server.submission.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.hibernate.annotations.Generated;

/**
 * A plugin JAR's bytes, addressed by their sha256: whoever uploads the same file, it is stored once. Kept in the
 * database rather than on the server's disk so that workers on other machines fetch exactly what was validated.
 */
@Entity
@Table(name = "plugin_jar")
@NamedQuery(name = "PluginJar.bytes", query = "select j.bytes from PluginJar j where j.sha256 = ?1")
public class PluginJar extends PanacheEntityBase {

    @Id
    public String sha256;

    @Column(nullable = false, columnDefinition = "bytea")
    public byte[] bytes;

    @Column(name = "size_bytes", nullable = false)
    public int sizeBytes;

    @Generated
    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    /** The JAR's bytes, read without loading an entity (and so without keeping them in the session). */
    public static Optional<byte[]> bytesOf(String sha256) {
        return getEntityManager().createNamedQuery("PluginJar.bytes", byte[].class).setParameter(1, sha256)
                .getResultStream().findFirst();
    }
}
