package dev.lacuna.server.leaderboard.service;

import dev.lacuna.server.leaderboard.mapping.BoardMapping;
import dev.lacuna.server.leaderboard.mapping.TestbedView;
import dev.lacuna.server.leaderboard.model.ResultRecord;
import dev.lacuna.server.leaderboard.model.TestbedRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The testbeds of the published board, with the results that ran on each. */
@ApplicationScoped
public class Testbeds {

    @Transactional
    public List<TestbedView> all() {
        return TestbedRecord.all().stream().map(t -> TestbedView.of(t.hash, t.manifest, List.of())).toList();
    }

    @Transactional
    public Optional<TestbedView> find(String hash) {
        if (!hash.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        TestbedRecord record = TestbedRecord.findById(hash);
        if (record == null) {
            return Optional.empty();
        }
        List<TestbedView.Link> results = ResultRecord.onTestbed(hash).stream()
                .map(r -> new TestbedView.Link(r.pluginName + " " + r.pluginVersion + " (" + r.kind + ")",
                        "/submissions/" + BoardMapping.submissionId(r.pluginSha256) + "#" + r.family + "-" + r.model))
                .toList();
        return Optional.of(TestbedView.of(record.hash, record.manifest, results));
    }
}
