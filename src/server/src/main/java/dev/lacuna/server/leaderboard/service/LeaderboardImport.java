package dev.lacuna.server.leaderboard.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.results.Result;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.results.ResultSchema;
import dev.lacuna.server.leaderboard.mapping.ResultFacts;
import dev.lacuna.server.leaderboard.model.HeadlineNumber;
import dev.lacuna.server.leaderboard.model.ResultRecord;
import dev.lacuna.server.leaderboard.model.TestbedRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads a leaderboard folder ({@code testbeds/<hash>.json} manifests and
 * {@code results/<family>-<model>/<name>.json} result files) into the database. The folder is the source of
 * truth: a file whose bytes are already stored is left alone, a changed file replaces its row, and a row
 * whose file is gone is removed (testbed manifests likewise), so importing the same folder twice changes
 * nothing. A file that does not
 * read as a result, breaks the schema, or names a testbed with no manifest is refused with the reason and
 * the rest still imports: one bad file must not hide the board, and a refused file keeps the row of its
 * last good version (with the testbeds that row names) until it is fixed or removed.
 */
@ApplicationScoped
public class LeaderboardImport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Event<ImportReport> imported;

    @Transactional
    public ImportReport importFrom(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no leaderboard folder at " + folder);
        }
        List<String> refused = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Set<String> manifests = new HashSet<>();
        int[] testbeds = importTestbeds(folder.resolve("testbeds"), refused, now, manifests);
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        Set<String> seen = new HashSet<>();
        for (Path file : jsonFiles(folder.resolve("results"), 2)) {
            String source = folder.relativize(file).toString().replace('\\', '/');
            seen.add(source);
            try {
                ResultRecord incoming = read(folder, file, source, now, manifests);
                ResultRecord existing = ResultRecord.bySource(source).orElse(null);
                if (existing != null && existing.contentSha256.equals(incoming.contentSha256)) {
                    unchanged++;
                    continue;
                }
                ResultRecord twin = ResultRecord.byContent(incoming.contentSha256).orElse(null);
                if (twin != null && Files.isRegularFile(folder.resolve(twin.sourcePath))) {
                    throw new RefusedFile("the same bytes as " + twin.sourcePath + ": a result is published once");
                }
                if (twin != null) {
                    // the file moved: its old path is gone from the folder
                    twin.delete();
                }
                if (existing != null) {
                    existing.delete();
                    updated++;
                } else {
                    added++;
                }
                ResultRecord.getEntityManager().flush();
                incoming.persist();
            } catch (RefusedFile e) {
                refused.add(source + ": " + e.getMessage());
            }
        }
        int removed = 0;
        Set<String> referenced = new HashSet<>();
        for (ResultRecord stored : ResultRecord.all()) {
            // the folder is the source of truth for what it published; what the platform measured is not the folder's
            if (seen.contains(stored.sourcePath) || ResultRecord.PLATFORM.equals(stored.origin)) {
                referenced.addAll(stored.testbeds);
                if (stored.headline.isEmpty()) {
                    // stored before results kept their headline numbers (migration V4)
                    stored.headline.putAll(headline(ResultFacts.of(ResultCodec.read(stored.body))));
                }
            } else {
                stored.delete();
                removed++;
            }
        }
        ResultRecord.getEntityManager().flush();
        for (TestbedRecord stored : TestbedRecord.all()) {
            if (!manifests.contains(stored.hash) && !referenced.contains(stored.hash)) {
                stored.delete();
            }
        }
        ImportReport report = new ImportReport(testbeds[0], testbeds[1], added, updated, unchanged, removed, refused);
        imported.fire(report);
        return report;
    }

    /** Imports the manifests; {@code manifests} receives the hash of every valid one in the folder. */
    private static int[] importTestbeds(Path folder, List<String> refused, OffsetDateTime now, Set<String> manifests) {
        int added = 0;
        int unchanged = 0;
        for (Path file : jsonFiles(folder, 1)) {
            String name = file.getFileName().toString();
            String source = "testbeds/" + name;
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                JsonNode manifest = JSON.readTree(text);
                String hash = manifest.path("hash").asText("");
                if (!hash.matches("[0-9a-f]{64}")) {
                    refused.add(source + ": the manifest has no 64-hex 'hash'");
                    continue;
                }
                if (!name.equals(hash + ".json")) {
                    refused.add(source + ": the file must be named after the manifest's hash, " + hash + ".json");
                    continue;
                }
                manifests.add(hash);
                TestbedRecord stored = TestbedRecord.findById(hash);
                if (stored != null) {
                    if (!stored.manifest.equals(text)) {
                        stored.manifest = text;
                    }
                    unchanged++;
                    continue;
                }
                TestbedRecord record = new TestbedRecord();
                record.hash = hash;
                record.family = manifest.path("data").asText("");
                record.model = manifest.path("model").asText("");
                record.maskSeed = manifest.path("mask_seed").asLong();
                record.manifest = text;
                record.importedAt = now;
                record.persist();
                added++;
            } catch (IOException e) {
                refused.add(source + ": not readable JSON (" + e.getMessage() + ")");
            }
        }
        return new int[] {added, unchanged};
    }

    private static ResultRecord read(Path folder, Path file, String source, OffsetDateTime now, Set<String> manifests)
            throws RefusedFile {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RefusedFile("cannot read: " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Path parent = folder.resolve("results").relativize(file).getParent();
        String group = parent == null ? "" : parent.toString();
        int dash = group.indexOf('-');
        if (dash <= 0 || dash == group.length() - 1) {
            throw new RefusedFile("results must sit in a folder named <family>-<model>, e.g. results/synthetic-tiny/");
        }
        List<String> violations = ResultSchema.violations(text);
        if (!violations.isEmpty()) {
            throw new RefusedFile("breaks docs/result-schema.json: " + String.join("; ", violations));
        }
        Result result;
        try {
            result = ResultCodec.read(text);
        } catch (IllegalArgumentException e) {
            throw new RefusedFile(e.getMessage());
        }
        ResultFacts facts = ResultFacts.of(result);
        for (String hash : facts.testbedHashes()) {
            if (!manifests.contains(hash)) {
                throw new RefusedFile("unknown testbed hash " + hash + " (no testbeds/" + hash + ".json)");
            }
        }
        return record(sha256(bytes), source, facts, group.substring(0, dash), group.substring(dash + 1), text, now);
    }

    /** A result row: the file's bytes and the facts the board selects by, addressed by the start of its sha256. */
    static ResultRecord record(String sha, String source, ResultFacts facts, String family, String model, String text,
                               OffsetDateTime now) {
        ResultRecord record = new ResultRecord();
        record.id = sha.substring(0, 16);
        record.contentSha256 = sha;
        record.sourcePath = source;
        record.kind = facts.kind();
        record.pluginName = facts.pluginName();
        record.pluginVersion = facts.pluginVersion();
        record.pluginSha256 = facts.pluginSha256();
        record.family = family;
        record.model = model;
        record.testbedHash = facts.combinedTestbedHash();
        record.seedCount = facts.testbedHashes().size();
        record.body = text;
        record.importedAt = now;
        record.testbeds.addAll(facts.testbedHashes());
        record.headline.putAll(headline(facts));
        return record;
    }

    /**
     * The result's numbers by column, leaving out the columns it has no number in (MU95 without Forget Quality,
     * the resurfacing gaps of results measured before the attacks): a row of nulls would rank nothing, and the
     * store keeps no all-null element anyway, so what was written would differ from what is read back.
     */
    private static Map<String, HeadlineNumber> headline(ResultFacts facts) {
        Map<String, HeadlineNumber> numbers = new LinkedHashMap<>();
        facts.headline().forEach((column, cell) -> {
            if (cell.mean() != null) {
                numbers.put(column, new HeadlineNumber(cell.mean(), cell.sd()));
            }
        });
        return numbers;
    }

    /** JSON files at exactly {@code depth} below {@code folder}, sorted; none when the folder is absent. */
    private static List<Path> jsonFiles(Path folder, int depth) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.find(folder, depth,
                (path, attributes) -> attributes.isRegularFile() && path.getFileName().toString().endsWith(".json")
                        && folder.relativize(path).getNameCount() == depth)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A file the import leaves out, with the reason. */
    private static final class RefusedFile extends Exception {
        RefusedFile(String message) {
            super(message);
        }
    }
}
