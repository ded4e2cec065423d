package dev.lacuna.server.leaderboard.service;

import dev.lacuna.results.Result;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.server.leaderboard.mapping.ResultFacts;
import dev.lacuna.server.leaderboard.model.ResultRecord;
import dev.lacuna.server.leaderboard.model.TestbedRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Puts a result the platform measured on the board, next to the imported ones: the JSON exactly as the harness
 * assembled it, the testbeds it names (with the manifests their workers reported), marked {@code platform} so a
 * later import of the leaderboard folder leaves it alone.
 */
@ApplicationScoped
public class PlatformResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Event<ResultPublished> published;

    /**
     * @param label     where the result came from, unique per evaluation (e.g. {@code platform/evaluation-12})
     * @param manifests the manifest of every testbed the result names, by hash
     * @return the result's id, as {@code /api/results/{id}} serves it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String publish(String label, String family, String model, Result result, Map<String, String> manifests) {
        String text = ResultCodec.write(result);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha = LeaderboardImport.sha256(bytes);
        ResultRecord existing = ResultRecord.byContent(sha).orElse(null);
        if (existing != null) {
            return existing.id;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ResultFacts facts = ResultFacts.of(result);
        for (String hash : facts.testbedHashes()) {
            if (TestbedRecord.findById(hash) == null) {
                String manifest = manifests.get(hash);
                if (manifest == null) {
                    throw new IllegalStateException("no manifest for testbed " + hash + " of " + label);
                }
                JsonNode m = read(manifest);
                TestbedRecord t = new TestbedRecord();
                t.hash = hash;
                t.family = m.path("data").asText(family);
                t.model = m.path("model").asText(model);
                t.maskSeed = m.path("mask_seed").asLong();
                t.manifest = manifest;
                t.importedAt = now;
                t.persist();
            }
        }
        ResultRecord record = LeaderboardImport.record(sha, label, facts, family, model, text, now);
        record.origin = ResultRecord.PLATFORM;
        record.persist();
        published.fire(new ResultPublished(record.id));
        return record.id;
    }

    private static JsonNode read(String manifest) {
        try {
            return JSON.readTree(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("a testbed manifest is not JSON", e);
        }
    }
}
