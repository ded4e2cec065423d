package dev.lacuna.server.leaderboard.service;

import dev.lacuna.results.Result;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.server.leaderboard.mapping.BoardMapping;
import dev.lacuna.server.leaderboard.mapping.ResultView;
import dev.lacuna.server.leaderboard.mapping.ResultViews;
import dev.lacuna.server.leaderboard.model.ResultRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * Published submissions. Until uploads exist a submission is known by its plugin JAR: its id is the start of
 * the JAR's sha256, the same on every server that imported the same files.
 */
@ApplicationScoped
public class Submissions {

    /** One published result of a submission, for the API. */
    public record PublishedResult(String resultId, String testbed, int seeds, String source, String href) {
    }

    /** A submission's metadata and its results, for the API. */
    public record SubmissionSummary(String id, String kind, String name, String version, String pluginSha256,
                                    List<PublishedResult> results) {
    }

    /** The submission page: metadata and one view per published result. */
    public record SubmissionPageView(String id, String kind, String name, String version, String pluginSha256,
                                     List<ResultView> results) {
    }

    @Transactional
    public Optional<SubmissionSummary> summary(String id) {
        List<ResultRecord> records = records(id);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        ResultRecord first = records.get(0);
        return Optional.of(new SubmissionSummary(BoardMapping.submissionId(first.pluginSha256), first.kind, first.pluginName,
                first.pluginVersion, first.pluginSha256, records.stream()
                        .map(r -> new PublishedResult(r.id, r.family + "/" + r.model, r.seedCount, r.sourcePath,
                                "/api/results/" + r.id))
                        .toList()));
    }

    @Transactional
    public Optional<SubmissionPageView> page(String id) {
        List<ResultRecord> records = records(id);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        ResultRecord first = records.get(0);
        List<ResultView> views = records.stream().map(r -> {
            Result result = ResultCodec.read(r.body);
            return ResultViews.of(r.id, r.family, r.model, result);
        }).toList();
        return Optional.of(new SubmissionPageView(BoardMapping.submissionId(first.pluginSha256), first.kind,
                first.pluginName, first.pluginVersion, first.pluginSha256, views));
    }

    @Transactional
    public Optional<String> resultBody(String id) {
        if (!id.matches("[0-9a-f]{16}")) {
            return Optional.empty();
        }
        return Optional.ofNullable(ResultRecord.<ResultRecord>findById(id)).map(r -> r.body);
    }

    /** Results of the submission with this id; ids are 12 to 64 lowercase hex digits. */
    private static List<ResultRecord> records(String id) {
        if (!id.matches("[0-9a-f]{12,64}")) {
            return List.of();
        }
        return ResultRecord.byPluginPrefix(id);
    }
}
