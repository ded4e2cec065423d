package dev.lacuna.server.leaderboard.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A testbed a published result ran on: its content hash and the manifest the harness wrote when it built
 * it, kept as text so the testbed page shows exactly what the builder recorded.
 */
@Entity
@Table(name = "testbed")
@NamedQuery(name = "TestbedRecord.all", query = "from TestbedRecord order by family, model, maskSeed")
public class TestbedRecord extends PanacheEntityBase {

    @Id
    public String hash;

    @Column(nullable = false)
    public String family;

    @Column(nullable = false)
    public String model;

    @Column(name = "mask_seed", nullable = false)
    public long maskSeed;

    @Column(nullable = false, columnDefinition = "text")
    public String manifest;

    @Column(name = "imported_at", nullable = false)
    public OffsetDateTime importedAt;

    public static List<TestbedRecord> all() {
        return find("#TestbedRecord.all").list();
    }
}
