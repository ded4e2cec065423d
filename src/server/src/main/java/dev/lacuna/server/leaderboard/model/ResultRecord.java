package dev.lacuna.server.leaderboard.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One published result file: the JSON exactly as the harness wrote it ({@code body}, served byte for byte),
 * the few fields the board selects by, and its headline numbers by board column. Its id is the start of the
 * file's sha256, so the same file always has the same address.
 */
@Entity
@Table(name = "published_result")
@NamedQuery(name = "ResultRecord.all", query = "from ResultRecord order by kind, family, model, pluginName")
@NamedQuery(name = "ResultRecord.bySource", query = "from ResultRecord where sourcePath = ?1")
@NamedQuery(name = "ResultRecord.byContent", query = "from ResultRecord where contentSha256 = ?1")
@NamedQuery(name = "ResultRecord.onTestbed",
        query = "select r from ResultRecord r join r.testbeds t where t = ?1 order by r.kind, r.pluginName")
@NamedQuery(name = "ResultRecord.byPluginPrefix", query = "from ResultRecord where pluginSha256 like ?1 order by family, model")
public class ResultRecord extends PanacheEntityBase {

    public static final String LEADERBOARD = "leaderboard";
    public static final String PLATFORM = "platform";

    @Id
    public String id;

    @Column(name = "content_sha256", nullable = false, unique = true)
    public String contentSha256;

    /** Path inside the leaderboard folder, e.g. {@code results/synthetic-tiny/npo-objective.json}. */
    @Column(name = "source_path", nullable = false, unique = true)
    public String sourcePath;

    @Column(nullable = false)
    public String kind;

    @Column(name = "plugin_name", nullable = false)
    public String pluginName;

    @Column(name = "plugin_version", nullable = false)
    public String pluginVersion;

    @Column(name = "plugin_sha256", nullable = false)
    public String pluginSha256;

    @Column(nullable = false)
    public String family;

    @Column(nullable = false)
    public String model;

    @Column(name = "testbed_hash", nullable = false)
    public String testbedHash;

    @Column(name = "seed_count", nullable = false)
    public int seedCount;

    @Column(nullable = false, columnDefinition = "text")
    public String body;

    @Column(name = "imported_at", nullable = false)
    public OffsetDateTime importedAt;

    /** {@code leaderboard} for a file imported from the folder, {@code platform} for a result the platform measured. */
    @Column(nullable = false)
    public String origin = LEADERBOARD;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "published_result_testbed", joinColumns = @JoinColumn(name = "result_id"))
    @Column(name = "testbed_hash")
    public Set<String> testbeds = new LinkedHashSet<>();

    /**
     * The board's numbers of this result by column key ({@code aues_oracle}, {@code mu95_p}, {@code precision}, ...),
     * derived from {@link #body}; indexed by (column, mean) for ranking in SQL.
     */
    @ElementCollection
    @CollectionTable(name = "published_result_headline", joinColumns = @JoinColumn(name = "result_id"))
    @MapKeyColumn(name = "name")
    public Map<String, HeadlineNumber> headline = new LinkedHashMap<>();

    public static List<ResultRecord> all() {
        return find("#ResultRecord.all").list();
    }

    public static Optional<ResultRecord> bySource(String sourcePath) {
        return find("#ResultRecord.bySource", sourcePath).firstResultOptional();
    }

    public static Optional<ResultRecord> byContent(String sha256) {
        return find("#ResultRecord.byContent", sha256).firstResultOptional();
    }

    /** The results that ran on the testbed with this hash. */
    public static List<ResultRecord> onTestbed(String hash) {
        return find("#ResultRecord.onTestbed", hash).list();
    }

    /** The results of the plugin whose sha256 starts with {@code prefix}. */
    public static List<ResultRecord> byPluginPrefix(String prefix) {
        return find("#ResultRecord.byPluginPrefix", prefix + "%").list();
    }
}
