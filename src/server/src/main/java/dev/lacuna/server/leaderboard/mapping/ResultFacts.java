package dev.lacuna.server.leaderboard.mapping;

import dev.lacuna.results.Result;
import dev.lacuna.results.SeedResult;
import java.util.List;
import java.util.Map;

/**
 * What the database indexes of a result: who made it, which testbeds it ran on, and its headline numbers by
 * board column.
 */
public record ResultFacts(String kind, String pluginName, String pluginVersion, String pluginSha256,
                          String combinedTestbedHash, List<String> testbedHashes, Map<String, Cell> headline) {

    public ResultFacts {
        headline = Map.copyOf(headline);
    }

    public static ResultFacts of(Result result) {
        return new ResultFacts(result.kind(), result.plugin().name(), result.plugin().version(), result.pluginSha256(),
                result.testbedHash(), result.perSeed().stream().map(SeedResult::testbedHash).distinct().toList(),
                BoardMapping.values(result));
    }
}
