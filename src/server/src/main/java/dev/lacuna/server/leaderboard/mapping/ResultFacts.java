package dev.lacuna.server.leaderboard.mapping;

import dev.lacuna.results.Result;
import dev.lacuna.results.SeedResult;
import java.util.List;

/** What the database indexes of a result: who made it and which testbeds it ran on. */
public record ResultFacts(String kind, String pluginName, String pluginVersion, String pluginSha256,
                          String combinedTestbedHash, List<String> testbedHashes) {

    public static ResultFacts of(Result result) {
        return new ResultFacts(result.kind(), result.plugin().name(), result.plugin().version(), result.pluginSha256(),
                result.testbedHash(), result.perSeed().stream().map(SeedResult::testbedHash).distinct().toList());
    }
}
