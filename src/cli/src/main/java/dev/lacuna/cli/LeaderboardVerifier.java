package dev.lacuna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.protocol.LocalizerProtocol;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.testbed.CorruptTestbedException;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.results.LocalizerResult;
import dev.lacuna.results.LocalizerSeed;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.Result;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.results.ResultSchema;
import dev.lacuna.results.Run;
import dev.lacuna.results.SeedResult;
import dev.lacuna.results.SeedRuns;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a leaderboard folder ({@link Leaderboard}): every result file must
 * <ol>
 *   <li>lie at {@code results/<family>-<model>/<plugin-name>.json},</li>
 *   <li>pass {@link ResultSchema} and read with {@link ResultCodec},</li>
 *   <li>name testbeds that have a manifest, under {@code testbeds/} or in a local store, each of the seed's mask seed and
 *       of the folder's family and model, with a {@code testbed_hash} that is the combined hash of its seeds',</li>
 *   <li>hold runs whose AUES, MU95 and reached flag are those of their own curves, and a summary that is the one its
 *       per-seed entries give, p-values included,</li>
 * </ol>
 * and {@code index.json} must be what {@link Leaderboard#indexText} generates. Runs and summaries are recomputed with
 * the protocols' own functions ({@link ObjectiveProtocol#measured}, {@link ObjectiveProtocol#summary},
 * {@link LocalizerProtocol#summary}), with the permutation rounds and statistics seed the file records.
 *
 * <p><b>Tolerance.</b> The recomputation repeats the harness's arithmetic on the same doubles in the same order (Java's
 * floating point is strict, and the result format round-trips every double exactly), so every number is expected to
 * agree to the bit. p-values, counts of resampling rounds over the same inputs and seed, must agree exactly. Other
 * numbers may differ by {@value #RELATIVE_TOLERANCE} relative, a few ulps: room for a file written by a JDK whose
 * decimal rendering of doubles differs in the last digit, none for an edit a board could show (it prints four
 * decimals).
 */
final class LeaderboardVerifier {

    /** How far apart, relative to the larger magnitude, a recomputed number and the recorded one may be. */
    static final double RELATIVE_TOLERANCE = 1e-12;

    /** Summary fields that are p-values: equal to the bit. */
    private static final Set<String> P_VALUES = Set.of("aues_p", "mu95_p", "aues_p_vs_random", "aues_p_vs_oracle",
            "mu95_p_vs_random", "mu95_p_vs_oracle", "p");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Leaderboard board;
    private final TestbedStore store;

    /** @param store a local testbed store that may hold manifests the folder lacks; null for none */
    LeaderboardVerifier(Leaderboard board, TestbedStore store) {
        this.board = board;
        this.store = store;
    }

    /** A file's verdict: {@code reason} null when it passes. */
    record Verdict(String path, String reason) {

        boolean ok() {
            return reason == null;
        }

        String line() {
            return ok() ? "ok " + path : "refused " + path + ": " + reason;
        }
    }

    /** A refusal, with its reason. */
    static final class Refusal extends RuntimeException {

        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One verdict per result file, in path order, then one for the index. */
    List<Verdict> verify() {
        List<Verdict> verdicts = new ArrayList<>();
        List<Leaderboard.Entry> readable = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        for (Leaderboard.Entry entry : board.results()) {
            Result result = null;
            String reason = null;
            try {
                result = read(entry);
                consistent(entry, result);
            } catch (Refusal r) {
                reason = r.getMessage();
            }
            if (result != null) {
                readable.add(entry);
                results.add(result);
            }
            verdicts.add(new Verdict(entry.path(), reason));
        }
        verdicts.add(new Verdict(Leaderboard.INDEX, indexProblem(Leaderboard.indexText(readable, results))));
        return verdicts;
    }

    /** A well-placed file that passes the schema, read; else a {@link Refusal} saying why not. */
    private static Result read(Leaderboard.Entry entry) {
        if (!entry.wellPlaced()) {
            throw new Refusal("not at results/<family>-<model>/<plugin-name>.json");
        }
        List<String> violations = ResultSchema.violations(entry.text());
        if (!violations.isEmpty()) {
            throw new Refusal("fails the result schema: " + violations.get(0)
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        }
        try {
            return ResultCodec.read(entry.text());
        } catch (IllegalArgumentException e) {
            throw new Refusal("unreadable: " + e.getMessage());
        }
    }

    private void consistent(Leaderboard.Entry entry, Result result) {
        String expected = Leaderboard.fileName(result);
        if (!entry.fileName().equals(expected)) {
            throw new Refusal("a result of plugin '" + result.plugin().name() + "' must be named " + expected);
        }
        testbeds(entry, result);
        if (result instanceof ObjectiveResult o) {
            objective(o);
        } else {
            localizer((LocalizerResult) result);
        }
    }

    private void testbeds(Leaderboard.Entry entry, Result result) {
        List<Long> maskSeeds = result.perSeed().stream().map(SeedResult::maskSeed).toList();
        if (!result.seeds().equals(maskSeeds)) {
            throw new Refusal("seeds " + result.seeds() + " are not the per_seed mask seeds " + maskSeeds);
        }
        String combined = ResultCodec.combinedTestbedHash(result.perSeed());
        if (!combined.equals(result.testbedHash())) {
            throw new Refusal("testbed_hash " + result.testbedHash() + " is not the combined hash of its seeds' testbeds, "
                    + combined);
        }
        for (int i = 0; i < result.perSeed().size(); i++) {
            SeedResult seed = result.perSeed().get(i);
            String at = "per_seed[" + i + "]";
            JsonNode manifest = manifest(seed.testbedHash(), at);
            if (manifest.path("mask_seed").asLong(Long.MIN_VALUE) != seed.maskSeed()) {
                throw new Refusal(at + ": testbed " + seed.testbedHash() + " has mask seed " + manifest.path("mask_seed")
                        + ", not " + seed.maskSeed());
            }
            if (!manifest.path("data").asText().equals(entry.family()) || !manifest.path("model").asText().equals(entry.model())) {
                throw new Refusal(at + ": testbed " + seed.testbedHash() + " is " + manifest.path("data").asText() + "/"
                        + manifest.path("model").asText() + ", not " + entry.family() + "/" + entry.model() + " as the folder says");
            }
        }
    }

    /** The manifest of a testbed a result names: its copy in the folder, else the local store's (verified). */
    private JsonNode manifest(String hash, String at) {
        Path copy = board.manifest(hash);
        if (Files.isRegularFile(copy)) {
            JsonNode manifest;
            try {
                manifest = JSON.readTree(copy.toFile());
            } catch (IOException e) {
                throw new Refusal(board.relative(copy) + " is not JSON: " + e.getMessage());
            }
            if (!hash.equals(manifest.path("hash").asText())) {
                throw new Refusal(board.relative(copy) + " is the manifest of testbed " + manifest.path("hash").asText()
                        + ", not of " + hash);
            }
            Map<String, String> files = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("files").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                files.put(e.getKey(), e.getValue().asText());
            }
            if (!Testbed.contentHash(files).equals(hash)) {
                throw new Refusal(board.relative(copy) + ": the files it lists do not hash to " + hash);
            }
            return manifest;
        }
        if (store != null) {
            for (TestbedSummary s : store.list()) {
                if (s.hash().equals(hash)) {
                    try {
                        return Testbed.open(store.root().resolve(hash)).manifest();
                    } catch (CorruptTestbedException e) {
                        throw new Refusal(at + ": stored testbed " + hash + " is refused: " + e.getMessage());
                    }
                }
            }
        }
        throw new Refusal(at + " names testbed " + hash + ", which has no manifest " + board.relative(copy)
                + (store == null ? "" : " nor a stored testbed in " + store.root()));
    }

    private void objective(ObjectiveResult r) {
        boolean utility = r.utility().available();
        for (int i = 0; i < r.perSeed().size(); i++) {
            SeedRuns seed = r.perSeed().get(i);
            run(r, seed.oracle(), "per_seed[" + i + "].oracle", utility);
            run(r, seed.random(), "per_seed[" + i + "].random", utility);
            if (seed.unconstrained() != null) {
                run(r, seed.unconstrained(), "per_seed[" + i + "].unconstrained", utility);
            }
        }
        requireStatistics(r.summary().permutations(), r.summary().statisticsSeed());
        same(r.summary(), recomputed(() -> ObjectiveProtocol.summary(r.perSeed(), utility, r.summary().permutations(),
                r.summary().statisticsSeed())), "summary", "its per-seed runs give");
    }

    private void localizer(LocalizerResult r) {
        boolean utility = r.utility().available();
        for (int i = 0; i < r.perSeed().size(); i++) {
            LocalizerSeed seed = r.perSeed().get(i);
            String at = "per_seed[" + i + "]";
            List<Run> runs = java.util.Arrays.asList(seed.localized(), seed.oracle(), seed.random());
            if (runs.stream().anyMatch(r.unlearning() ? Objects::isNull : Objects::nonNull)) {
                throw new Refusal(at + ": the localized, oracle and random runs must all be " + (r.unlearning() ? "present" : "null")
                        + " in a result with unlearning " + r.unlearning());
            }
            if (r.unlearning()) {
                run(r, seed.localized(), at + ".localized", utility);
                run(r, seed.oracle(), at + ".oracle", utility);
                run(r, seed.random(), at + ".random", utility);
            }
        }
        requireStatistics(r.summary().permutations(), r.summary().statisticsSeed());
        same(r.summary(), recomputed(() -> LocalizerProtocol.summary(r.perSeed(), utility, r.summary().permutations(),
                r.summary().statisticsSeed())), "summary", "its per-seed entries give");
    }

    private static void run(Result result, Run run, String at, boolean utility) {
        List<Double> alphas = run.curve().stream().map(dev.lacuna.results.CurvePoint::alpha).toList();
        if (!alphas.equals(result.settings().alphas())) {
            throw new Refusal(at + ".curve has the alphas " + alphas + ", not settings.alphas " + result.settings().alphas());
        }
        // the attacks and the update localization were measured on models the file does not hold: they are checked
        // against the schema, and the summary's resurfacing gaps are recomputed from them
        same(run, recomputed(() -> ObjectiveProtocol.measured(run.regionSize(), run.curve(), utility)
                .with(run.attacks(), run.updateLocalization())), at, "its curve gives");
    }

    private static void requireStatistics(Integer permutations, Long statisticsSeed) {
        if (permutations == null || statisticsSeed == null) {
            throw new Refusal("summary records no " + (permutations == null ? "permutations" : "statistics_seed")
                    + ", so its p-values cannot be recomputed");
        }
    }

    private static <T> T recomputed(java.util.function.Supplier<T> computation) {
        try {
            return computation.get();
        } catch (IllegalArgumentException e) {
            throw new Refusal("cannot be recomputed: " + e.getMessage());
        }
    }

    /** Throws a refusal naming the first field where {@code recorded} and {@code recomputed} disagree. */
    static void same(Object recorded, Object recomputed, String path, String source) {
        if (recorded == null || recomputed == null) {
            if (recorded != recomputed) {
                throw new Refusal(path + " is " + recorded + " but " + source + " " + recomputed);
            }
        } else if (recorded instanceof Record a) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                same(value(c, a), value(c, (Record) recomputed), path + "." + ResultCodec.key(c.getName()), source);
            }
        } else if (recorded instanceof List<?> a) {
            List<?> b = (List<?>) recomputed;
            if (a.size() != b.size()) {
                throw new Refusal(path + " has " + a.size() + " entries but " + source + " " + b.size());
            }
            for (int i = 0; i < a.size(); i++) {
                same(a.get(i), b.get(i), path + "[" + i + "]", source);
            }
        } else if (recorded instanceof Double a) {
            double b = (Double) recomputed;
            boolean exact = P_VALUES.contains(path.substring(path.lastIndexOf('.') + 1));
            if (exact ? a != b : Math.abs(a - b) > RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))) {
                throw new Refusal(path + " is " + a + " but " + source + " " + b + (exact ? " (p-values must agree exactly)" : ""));
            }
        } else if (!recorded.equals(recomputed)) {
            throw new Refusal(path + " is " + recorded + " but " + source + " " + recomputed);
        }
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why {@code index.json} is not {@code expected}, or null when it is. */
    private String indexProblem(String expected) {
        Path index = board.root().resolve(Leaderboard.INDEX);
        if (!Files.isRegularFile(index)) {
            return "missing; './lacuna leaderboard index " + board.root() + "' writes it";
        }
        String actual = Leaderboard.read(index);
        if (actual.equals(expected)) {
            return null;
        }
        String where;
        try {
            where = firstDifference(JSON.readTree(actual), JSON.readTree(expected), "");
        } catch (IOException e) {
            where = null;
        }
        return "stale: it differs from what './lacuna leaderboard index' generates"
                + (where == null ? " (in its layout)" : " at " + (where.isEmpty() ? "the top level" : where));
    }

    /** The first JSON path where two trees differ, "" for the roots themselves, null when equal. */
    private static String firstDifference(JsonNode a, JsonNode b, String path) {
        if (a == null || b == null || a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return a != null && a.equals(b) ? null : path;
        }
        if (a.isObject()) {
            for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String d = firstDifference(a.get(name), b.get(name), path.isEmpty() ? name : path + "." + name);
                if (d != null) {
                    return d;
                }
            }
            return a.equals(b) ? null : path;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                String d = firstDifference(a.get(i), b.get(i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return a.equals(b) ? null : path;
    }
}
