package dev.lacuna.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.results.LocalizerResult;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.Result;
import dev.lacuna.results.ResultCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A published leaderboard folder:
 * <pre>
 * DIR/results/&lt;family&gt;-&lt;model&gt;/&lt;plugin-name&gt;.json   result files (docs/result-schema.json)
 * DIR/testbeds/&lt;testbed_hash&gt;.json                  the manifest of every testbed a result ran on
 * DIR/index.json                                     what {@link #indexText} generates from the results
 * </pre>
 * The family is the testbed's data set ({@code synthetic}, {@code tofu}, {@code lume}), the model its size; a file is
 * named for its plugin, the harness's Oracle localizer {@value #ORACLE_FILE}.
 */
final class Leaderboard {

    static final String RESULTS = "results";
    static final String TESTBEDS = "testbeds";
    static final String INDEX = "index.json";
    /** File name of the harness's Oracle localizer's result (its plugin is named {@code oracle}), without ".json". */
    static final String ORACLE_STEM = "oracle-localizer";
    static final String ORACLE_FILE = ORACLE_STEM + ".json";

    /** Summary fields the index repeats: the schema's required ones, the stable contract of each kind. */
    static final List<String> OBJECTIVE_HEADLINE = List.of("aues_oracle", "aues_random", "aues_delta", "aues_p", "mu95_oracle",
            "mu95_random", "mu95_delta", "mu95_p");
    static final List<String> LOCALIZER_HEADLINE = List.of("precision_at_p", "average_precision", "auroc", "aues_localized",
            "aues_random", "aues_oracle", "aues_p_vs_random", "mu95_localized", "mu95_random");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    Leaderboard(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** One result file: its path relative to the folder (with '/'), and its text. */
    record Entry(String path, String text) {

        /** The testbed folder's name, {@code <family>-<model>}. */
        String folder() {
            String[] parts = path.split("/");
            return parts.length == 3 ? parts[1] : "";
        }

        String family() {
            int dash = folder().indexOf('-');
            return dash < 0 ? "" : folder().substring(0, dash);
        }

        String model() {
            int dash = folder().indexOf('-');
            return dash < 0 ? "" : folder().substring(dash + 1);
        }

        String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** Whether the path has the form {@code results/<family>-<model>/<name>.json}. */
        boolean wellPlaced() {
            return path.split("/").length == 3 && !family().isEmpty() && !model().isEmpty();
        }
    }

    /** Every {@code *.json} below {@code results/}, sorted by path. */
    List<Entry> results() {
        Path folder = root.resolve(RESULTS);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json"))
                    .map(f -> new Entry(relative(f), read(f)))
                    .sorted(Comparator.comparing(Entry::path))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** The manifest copy of a testbed, {@code testbeds/<hash>.json}. */
    Path manifest(String testbedHash) {
        return root.resolve(TESTBEDS).resolve(testbedHash + ".json");
    }

    /**
     * The name a result file must have: its plugin's, {@value #ORACLE_FILE} for the Oracle; a result computed with
     * weights other than float32 adds its dtype ({@code npo-objective.bfloat16.json}), so that it sits beside the
     * float32 result of the same plugin instead of replacing it (a dtype is part of a result's identity).
     */
    static String fileName(Result result) {
        String stem = result instanceof LocalizerResult l && l.groundTruthGranted()
                ? ORACLE_STEM : result.plugin().name();
        return stem + (result.computedIn().equals(Result.DEFAULT_DTYPE) ? "" : "." + result.computedIn()) + ".json";
    }

    /**
     * The index of the given results (each with its path, in path order): per file its path, kind, plugin, testbed
     * family and model (from the folder), seeds, combined testbed hash and the summary's headline numbers. Indented
     * JSON with a trailing newline, deterministic.
     */
    static String indexText(List<Entry> entries, List<Result> results) {
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Result r = results.get(i);
            ObjectNode item = list.addObject();
            item.put("path", e.path());
            item.put("kind", r.kind());
            item.set("plugin", ResultCodec.toTree(r.plugin()));
            item.put("testbed_family", e.family());
            item.put("testbed_model", e.model());
            ArrayNode seeds = item.putArray("seeds");
            r.seeds().forEach(seeds::add);
            item.put("testbed_hash", r.testbedHash());
            ObjectNode summary = r instanceof ObjectiveResult o ? ResultCodec.toTree(o.summary())
                    : ResultCodec.toTree(((LocalizerResult) r).summary());
            item.set("summary", summary.retain(r instanceof ObjectiveResult ? OBJECTIVE_HEADLINE : LOCALIZER_HEADLINE));
        }
        ObjectNode index = JSON.createObjectNode();
        index.set("results", list);
        try {
            return JSON.writeValueAsString(index) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String relative(Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
