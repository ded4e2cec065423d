package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.cli.Evaluations.Run;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.results.LocalizerResult;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.ResultCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lacuna leaderboard verify / index / add-testbeds} on a board of real results: NPO, the Oracle and the random
 * localizer, short runs over the tiny synthetic testbeds of mask seeds 7 and 19, with their manifests
 * ({@code src/test/resources/leaderboard/}, made by {@link LeaderboardFixturesGenerator}). Every refusal comes from an
 * edit of a real file, so every number checked is one the harness computed.
 */
class LeaderboardCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String NPO = "results/synthetic-tiny/npo-objective.json";
    private static final String ORACLE = "results/synthetic-tiny/oracle-localizer.json";
    private static final String RANDOM = "results/synthetic-tiny/random-localizer.json";
    /** The testbed of mask seed 19, the second seed of every result. */
    private static final String SEED_19 = "da1d2f1f6b0c68d115734d40df23d232d12a65a281a79317c8aa987d3350ffce";

    @TempDir
    Path temp;

    private Path board;

    @BeforeEach
    void copyTheBoard() throws Exception {
        board = temp.resolve("board");
        Path fixture = Path.of(LeaderboardCommandTest.class.getResource("/leaderboard").toURI());
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = board.resolve(fixture.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    @Test
    void aBoardOfRealResultsWithItsIndexPasses() {
        Run index = leaderboard("index", board.toString());
        assertThat(index.exitCode()).as(index.err()).isZero();
        assertThat(index.out()).contains("indexed 3 results in " + board.resolve("index.json"));

        Run verify = leaderboard("verify", board.toString());

        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out().lines()).containsExactly("ok " + NPO, "ok " + ORACLE, "ok " + RANDOM, "ok index.json");
    }

    @Test
    void theIndexListsEveryResultInPathOrderWithItsHeadlineNumbers() throws Exception {
        assertThat(leaderboard("index", board.toString()).exitCode()).isZero();
        String text = Files.readString(board.resolve("index.json"));
        JsonNode entries = JSON.readTree(text).path("results");

        assertThat(entries).extracting(e -> e.path("path").asText()).containsExactly(NPO, ORACLE, RANDOM);
        ObjectiveResult npo = (ObjectiveResult) ResultCodec.read(Files.readString(board.resolve(NPO)));
        JsonNode first = entries.get(0);
        assertThat(first.path("kind").asText()).isEqualTo("objective");
        assertThat(first.path("plugin").path("name").asText()).isEqualTo("npo-objective");
        assertThat(first.path("plugin").path("sha256").asText()).isEqualTo(npo.pluginSha256());
        assertThat(first.path("testbed_family").asText()).isEqualTo("synthetic");
        assertThat(first.path("testbed_model").asText()).isEqualTo("tiny");
        assertThat(first.path("seeds")).extracting(JsonNode::asLong).containsExactly(7L, 19L);
        assertThat(first.path("testbed_hash").asText()).isEqualTo(npo.testbedHash());
        assertThat(first.path("summary").path("aues_oracle").doubleValue()).isEqualTo(npo.summary().auesOracle());
        assertThat(first.path("summary").path("mu95_p").doubleValue()).isEqualTo(npo.summary().mu95P());
        assertThat(first.path("summary").has("aues_oracle_sd")).isFalse();
        LocalizerResult oracle = (LocalizerResult) ResultCodec.read(Files.readString(board.resolve(ORACLE)));
        assertThat(entries.get(1).path("summary").path("aues_p_vs_random").doubleValue()).isEqualTo(oracle.summary().auesPVsRandom());
        assertThat(entries.get(1).path("plugin").path("name").asText()).isEqualTo("oracle");
        // deterministic: a second run writes the same bytes
        assertThat(leaderboard("index", board.toString()).exitCode()).isZero();
        assertThat(board.resolve("index.json")).hasContent(text);
    }

    @Test
    void aTestbedWithoutAManifestIsRefusedNamingItsHash() throws Exception {
        Files.delete(board.resolve("testbeds/" + SEED_19 + ".json"));
        index();

        Run verify = leaderboard("verify", board.toString());

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("refused " + NPO + ": per_seed[1] names testbed " + SEED_19
                + ", which has no manifest testbeds/" + SEED_19 + ".json");
        assertThat(verify.out()).contains("refused " + ORACLE + ": per_seed[1] names testbed " + SEED_19)
                .contains("ok index.json");
        // nor does an empty local store have it
        Run withHome = leaderboard("verify", board.toString(), "--home", temp.resolve("empty-home").toString());
        assertThat(withHome.out()).contains("nor a stored testbed in " + temp.resolve("empty-home").resolve("testbeds"));
    }

    @Test
    void aCombinedTestbedHashOrSeedListThatIsNotItsSeedsIsRefused() throws Exception {
        String seed7 = ResultCodec.read(Files.readString(board.resolve(NPO))).perSeed().get(0).testbedHash();
        String swapped = ResultCodec.combinedTestbedHash(List.of(19L, 7L), List.of(SEED_19, seed7));
        edit(NPO, t -> t.put("testbed_hash", swapped));
        edit(ORACLE, t -> t.putArray("seeds").add(19).add(7));
        index();

        Run verify = leaderboard("verify", board.toString());

        assertThat(verify.out().lines()).containsExactly(
                "refused " + NPO + ": testbed_hash " + swapped + " is not the combined hash of its seeds' testbeds, "
                        + ResultCodec.combinedTestbedHash(List.of(7L, 19L), List.of(seed7, SEED_19)),
                "refused " + ORACLE + ": seeds [19, 7] are not the per_seed mask seeds [7, 19]",
                "ok " + RANDOM, "ok index.json");
    }

    @Test
    void aSummaryThatDisagreesWithItsCurvesIsRefusedNamingTheField() throws Exception {
        double oracle = edit(NPO, t -> bump((ObjectNode) t.path("summary"), "aues_oracle", 0.01));
        double localized = edit(ORACLE, t -> bump((ObjectNode) t.path("summary"), "aues_localized", 0.01));
        index();

        Run verify = leaderboard("verify", board.toString());

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out().lines()).containsExactly(
                "refused " + NPO + ": summary.aues_oracle is " + (oracle + 0.01) + " but its per-seed runs give " + oracle,
                "refused " + ORACLE + ": summary.aues_localized is " + (localized + 0.01) + " but its per-seed entries give "
                        + localized,
                "ok " + RANDOM, "ok index.json");
    }

    @Test
    void aPValueMustAgreeExactlyWhileAnUlpElsewhereIsTolerated() throws Exception {
        edit(RANDOM, t -> {
            ObjectNode summary = (ObjectNode) t.path("summary");
            summary.put("aues_p_vs_random", Math.nextDown(summary.path("aues_p_vs_random").doubleValue()));
            summary.put("auroc", Math.nextUp(summary.path("auroc").doubleValue()));
        });
        edit(NPO, t -> {
            ObjectNode summary = (ObjectNode) t.path("summary");
            summary.put("aues_oracle", Math.nextDown(summary.path("aues_oracle").doubleValue()));
        });
        edit(ORACLE, t -> {
            ObjectNode summary = (ObjectNode) t.path("summary");
            summary.put("auroc_sd", 1e-9);
        });
        index();

        Run verify = leaderboard("verify", board.toString());

        assertThat(verify.out()).contains("ok " + NPO)
                .contains("refused " + ORACLE + ": summary.auroc_sd is 1.0E-9 but its per-seed entries give 0.0")
                .containsPattern("refused " + RANDOM + ": summary.aues_p_vs_random is \\S+ but its per-seed entries give \\S+ "
                        + "\\(p-values must agree exactly\\)");
    }

    @Test
    void aRunWhoseNumbersDisagreeWithItsCurveIsRefused() throws Exception {
        double aues = edit(NPO, t -> bump((ObjectNode) t.path("per_seed").get(1).path("random"), "aues", 0.001));
        // a curve point moved: the recorded AUES no longer is that of the curve
        edit(ORACLE, t -> {
            ObjectNode point = (ObjectNode) t.path("per_seed").get(0).path("localized").path("curve").get(1);
            double fs = point.path("fs").doubleValue();
            point.put("fs", fs > 0.5 ? fs - 0.01 : fs + 0.01);
        });
        edit(RANDOM, t -> {
            ObjectNode run = (ObjectNode) t.path("per_seed").get(0).path("random");
            run.put("mu95_reached", !run.path("mu95_reached").booleanValue());
        });
        index();

        Run verify = leaderboard("verify", board.toString());

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out())
                .contains("refused " + NPO + ": per_seed[1].random.aues is " + (aues + 0.001) + " but its curve gives " + aues)
                .contains("refused " + ORACLE + ": per_seed[0].localized.aues is ")
                .contains("refused " + RANDOM + ": per_seed[0].random.mu95_reached is ");
    }

    @Test
    void aMissingOrStaleIndexIsRefused() throws Exception {
        Run missing = leaderboard("verify", board.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).contains("ok " + NPO).contains("refused index.json: missing; './lacuna leaderboard index ");

        index();
        ObjectNode index = (ObjectNode) JSON.readTree(board.resolve("index.json").toFile());
        bump((ObjectNode) index.path("results").get(2).path("summary"), "auroc", 0.01);
        Files.writeString(board.resolve("index.json"), JSON.writeValueAsString(index) + "\n");
        assertThat(leaderboard("verify", board.toString()).out())
                .contains("refused index.json: stale: it differs from what './lacuna leaderboard index' generates at results[2].summary.auroc");

        index();
        Files.delete(board.resolve(RANDOM));
        Run stale = leaderboard("verify", board.toString());
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.out().lines()).containsExactly("ok " + NPO, "ok " + ORACLE,
                "refused index.json: stale: it differs from what './lacuna leaderboard index' generates at results");
    }

    @Test
    void filesOutOfPlaceMisnamedOrUnreadableAndBadManifestsAreRefused() throws Exception {
        Files.copy(board.resolve(NPO), board.resolve("results/synthetic-tiny/npo.json"));
        Files.copy(board.resolve(NPO), board.resolve("results/npo-objective.json"));
        Files.copy(board.resolve(NPO), Files.createDirectories(board.resolve("results/tofu-small")).resolve("npo-objective.json"));
        ObjectNode half = (ObjectNode) JSON.readTree(board.resolve(NPO).toFile());
        half.put("dtype", "float16");
        Files.writeString(board.resolve("results/synthetic-tiny/npo-half.json"), JSON.writeValueAsString(half) + "\n");
        Files.writeString(board.resolve("results/synthetic-tiny/npo-objective.float16.json"), JSON.writeValueAsString(half) + "\n");
        edit(ORACLE, t -> ((ObjectNode) t.path("summary")).put("aues_p_vs_random", 0));
        edit(RANDOM, t -> ((ObjectNode) t.path("timings")).put("download_seconds", 1.0));
        Path manifest = board.resolve("testbeds/" + SEED_19 + ".json");
        ObjectNode altered = (ObjectNode) JSON.readTree(manifest.toFile());
        ((ObjectNode) altered.path("files")).put("theta_o.safetensors", "0".repeat(64));
        Files.writeString(manifest, JSON.writeValueAsString(altered));

        Run verify = leaderboard("verify", board.toString());

        assertThat(verify.out())
                .contains("refused results/npo-objective.json: not at results/<family>-<model>/<plugin-name>.json")
                .contains("refused results/synthetic-tiny/npo.json: a result of plugin 'npo-objective' must be named npo-objective.json")
                .contains("refused results/synthetic-tiny/npo-half.json: a result of plugin 'npo-objective' must be named "
                        + "npo-objective.float16.json")
                // named right, it gets as far as the (here altered) testbed manifests
                .contains("refused results/synthetic-tiny/npo-objective.float16.json: testbeds/" + SEED_19 + ".json: the files")
                .contains("refused results/tofu-small/npo-objective.json: per_seed[0]: testbed ")
                .contains("is synthetic/tiny, not tofu/small as the folder says")
                .contains("refused " + NPO + ": testbeds/" + SEED_19 + ".json: the files it lists do not hash to " + SEED_19)
                .contains("refused " + ORACLE + ": fails the result schema: $.summary.aues_p_vs_random")
                .contains("refused " + RANDOM + ": unreadable: field 'timings.download_seconds' is not a field");
    }

    @Test
    void addTestbedsCopiesTheManifestsOfStoredTestbedsAndVerifyAcceptsTheStoreWithHome() throws Exception {
        Path home = temp.resolve("home");
        String hash = fakeStoredTestbed(home, 7);
        // a result on that testbed: the real NPO file with seed 7's testbed swapped (its runs and summary still hold)
        String original = Files.readString(board.resolve(NPO));
        ObjectNode moved = (ObjectNode) JSON.readTree(original);
        ((ObjectNode) moved.path("per_seed").get(0)).put("testbed_hash", hash);
        moved.put("testbed_hash", ResultCodec.combinedTestbedHash(List.of(7L, 19L), List.of(hash, SEED_19)));
        Files.writeString(board.resolve(NPO), JSON.writeValueAsString(moved) + "\n");
        index();
        assertThat(leaderboard("verify", board.toString()).out()).contains("refused " + NPO + ": per_seed[0] names testbed " + hash);
        assertThat(leaderboard("verify", board.toString(), "--home", home.toString()).out()).contains("ok " + NPO);

        Run add = leaderboard("add-testbeds", board.toString(), "--home", home.toString(), "--testbed", "synthetic/tiny");

        // seed 19's testbed is named too but is not in this store
        assertThat(add.exitCode()).isEqualTo(1);
        assertThat(add.out()).contains("added testbeds/" + hash + ".json (synthetic-tiny-7-fake)")
                .contains("missing " + SEED_19 + " (named by " + NPO + "): not in " + home.resolve("testbeds"));
        assertThat(board.resolve("testbeds/" + hash + ".json"))
                .hasSameTextualContentAs(home.resolve("testbeds").resolve(hash).resolve(TestbedStore.MANIFEST));
        assertThat(leaderboard("verify", board.toString()).out()).contains("ok " + NPO);
        assertThat(leaderboard("add-testbeds", board.toString(), "--home", home.toString()).out())
                .contains("kept testbeds/" + hash + ".json");
        assertThat(leaderboard("add-testbeds", board.toString(), "--home", home.toString(), "--testbed", "tofu/small").out())
                .isEmpty();
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(leaderboard("verify", temp.resolve("nowhere").toString()).exitCode()).isEqualTo(2);
        assertThat(leaderboard("verify").exitCode()).isEqualTo(2);
        assertThat(leaderboard().exitCode()).isEqualTo(2);
        assertThat(leaderboard("add-testbeds", board.toString(), "--testbed", "synthetic").exitCode()).isEqualTo(2);
        Run unknown = leaderboard("publish", board.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("lacuna: ");
    }

    /** A stored testbed folder that opens and verifies, with placeholder weights: {@code synthetic/tiny} of a mask seed. */
    private static String fakeStoredTestbed(Path home, long maskSeed) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        files.put(Testbed.MODEL, JSON.writeValueAsBytes(Testbed.modelJson(ModelConfig.tiny(100))));
        files.put(Testbed.THETA_O, "placeholder weights".getBytes(StandardCharsets.UTF_8));
        Map<String, String> hashes = new TreeMap<>();
        files.forEach((name, bytes) -> hashes.put(name, sha256(bytes)));
        String hash = Testbed.contentHash(hashes);
        Path folder = Files.createDirectories(home.resolve("testbeds").resolve(hash));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(folder.resolve(f.getKey()), f.getValue());
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("data", "synthetic");
        manifest.put("files", hashes);
        manifest.put("hash", hash);
        manifest.put("id", "synthetic-tiny-" + maskSeed + "-fake");
        manifest.put("mask_seed", maskSeed);
        manifest.put("model", "tiny");
        Files.writeString(folder.resolve(TestbedStore.MANIFEST), JSON.writeValueAsString(manifest));
        return hash;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value the last {@link #bump} replaced. */
    private double bumped;

    /** Edits a result file of the board; returns the value {@link #bump} replaced, if it bumped one. */
    private double edit(String path, Consumer<ObjectNode> change) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(board.resolve(path).toFile());
        bumped = Double.NaN;
        change.accept(tree);
        Files.writeString(board.resolve(path), JSON.writeValueAsString(tree) + "\n");
        return bumped;
    }

    private double bump(ObjectNode node, String field, double by) {
        bumped = node.path(field).doubleValue();
        node.put(field, bumped + by);
        return bumped;
    }

    private void index() {
        Run index = leaderboard("index", board.toString());
        assertThat(index.exitCode()).as(index.err()).isZero();
    }

    private static Run leaderboard(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "leaderboard";
        System.arraycopy(args, 0, full, 1, args.length);
        return Evaluations.run(full);
    }
}
