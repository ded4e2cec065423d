package dev.lacuna.server.leaderboard.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.server.leaderboard.mapping.ResultView.Fact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A testbed as its page shows it, read from the manifest the builder wrote: what it was built from, its
 * gates (the Extraction Strength checks it passed) and the hash of every file, so anyone can check a copy.
 */
public record TestbedView(String hash, String id, String family, String model, long maskSeed, List<Fact> facts,
                          List<Fact> gates, List<Fact> files, List<Link> results) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A published result that ran on this testbed. */
    public record Link(String label, String href) {
    }

    public static TestbedView of(String hash, String manifest, List<Link> results) {
        JsonNode m;
        try {
            m = JSON.readTree(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored manifest of testbed " + hash + " is not JSON", e);
        }
        List<Fact> facts = new ArrayList<>();
        facts.add(Fact.of("Data", m.path("data").asText()));
        facts.add(Fact.of("Model", m.path("model").asText()));
        facts.add(Fact.of("Mask seed", m.path("mask_seed").asText()));
        if (m.has("region_size")) {
            facts.add(Fact.of("V_tgt", m.path("region_size").asText() + " value vectors ("
                    + String.format(Locale.ROOT, "%.0f %%", 100 * m.path("region_fraction").asDouble()) + ")"));
        }
        if (m.has("retain_weight")) {
            facts.add(Fact.of("Retain weight", m.path("retain_weight").asText()));
        }
        if (m.has("build_seconds")) {
            facts.add(Fact.of("Build time", String.format(Locale.ROOT, "%.0f s on %d thread(s)", m.path("build_seconds").asDouble(),
                    m.path("build_threads").asInt(1))));
        }
        facts.add(Fact.code("Testbed hash", hash));
        if (m.has("data_sha256")) {
            facts.add(Fact.code("Data sha256", m.path("data_sha256").asText()));
        }
        List<Fact> gates = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("gates").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> g = it.next();
            gates.add(Fact.of(g.getKey().replace('_', ' ').replace("es", "ES").replace("theta o", "θo").replace("theta r", "θr"),
                    String.format(Locale.ROOT, "%.3f", g.getValue().asDouble())));
        }
        List<Fact> files = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            files.add(Fact.code(f.getKey(), f.getValue().asText()));
        }
        return new TestbedView(hash, m.path("id").asText(hash), m.path("data").asText(), m.path("model").asText(),
                m.path("mask_seed").asLong(), facts, gates, files, results);
    }
}
