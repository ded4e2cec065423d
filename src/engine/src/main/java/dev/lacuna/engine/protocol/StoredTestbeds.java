package dev.lacuna.engine.protocol;

import ai.djl.Device;
import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.CorpusJson;
import dev.lacuna.engine.data.CorpusLoader;
import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.data.DataSetKind;
import dev.lacuna.engine.data.SyntheticSize;
import dev.lacuna.engine.data.TofuReader;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.engine.tokenizer.HfTokenizer;
import dev.lacuna.engine.tokenizer.PromptFormat;
import dev.lacuna.engine.tokenizer.SubwordTokenizer;
import dev.lacuna.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the stored testbeds an evaluation asks for and loads them with their data. A testbed stores weights,
 * V_tgt and tokenizer but not the items (data sets are never copied), so the corpus is loaded again from
 * its source and checked against the hash the testbed recorded.
 */
public final class StoredTestbeds {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Seed of the generated synthetic corpus unless told otherwise (the one the testbed builds use). */
    public static final long DEFAULT_SYNTHETIC_SEED = 7;

    /** Where loaded testbeds, and so every evaluation, run; results record it as their {@code device}. */
    public static final String DEVICE = "cpu";

    /**
     * The data type of the weights every evaluation computes with; results record it as their {@code dtype}. It is
     * what {@link #load} gives: {@code SafeTensors} widens every stored tensor (F32, or a checkpoint's F16/BF16) to
     * float32 in memory, and evaluations never narrow a model.
     */
    public static final String DTYPE = "float32";

    private StoredTestbeds() {
    }

    /** Some requested seeds have no stored testbed; the message names them and the command that builds them. */
    public static final class MissingTestbedsException extends RuntimeException {

        public MissingTestbedsException(String message) {
            super(message);
        }
    }

    /**
     * The stored testbeds for {@code spec}: {@code data/model} with the given mask seeds (one testbed each, in
     * the seeds' order), or a testbed id or hash (then {@code seeds} must be empty or that testbed's seed).
     */
    public static List<TestbedSummary> resolve(TestbedStore store, String spec, List<Long> seeds) {
        List<TestbedSummary> all = store.list();
        if (!spec.contains("/")) {
            TestbedSummary one = all.stream().filter(s -> s.id().equals(spec) || s.hash().equals(spec)).findFirst()
                    .orElseThrow(() -> new MissingTestbedsException("no stored testbed with id or hash '" + spec + "' in "
                            + store.root() + "; './lacuna testbed list' shows the stored ones"));
            if (!seeds.isEmpty() && !seeds.equals(List.of(one.maskSeed()))) {
                throw new IllegalArgumentException("testbed " + spec + " has mask seed " + one.maskSeed()
                        + "; name data/model to evaluate several seeds");
            }
            return List.of(one);
        }
        String[] parts = spec.split("/", 2);
        String data = parts[0];
        String model = parts[1];
        Map<Long, TestbedSummary> bySeed = new LinkedHashMap<>();
        for (TestbedSummary s : all) {
            if (s.data().equals(data) && s.model().equals(model)) {
                bySeed.putIfAbsent(s.maskSeed(), s);
            }
        }
        List<TestbedSummary> found = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (long seed : seeds) {
            TestbedSummary s = bySeed.get(seed);
            if (s == null) {
                missing.add(seed);
            } else {
                found.add(s);
            }
        }
        if (!missing.isEmpty()) {
            String list = missing.stream().map(String::valueOf).collect(Collectors.joining(","));
            throw new MissingTestbedsException("no stored " + spec + " testbed for mask seed" + (missing.size() > 1 ? "s " : " ")
                    + list + " in " + store.root() + (bySeed.isEmpty() ? "" : " (stored seeds: " + bySeed.keySet() + ")")
                    + "; build " + (missing.size() > 1 ? "them" : "it") + " with './lacuna testbed build --data " + data
                    + " --model " + model + " --mask-seed " + list + "'");
        }
        return found;
    }

    /**
     * Opens (and verifies) a stored testbed and loads its models ({@value #DTYPE}), tokenizer and data on the CPU.
     *
     * @param syntheticSeed generator seed of a synthetic corpus
     */
    public static SeedTestbed load(TestbedSummary summary, TestbedStore store, DataCatalog catalog, long syntheticSeed) {
        Testbed testbed = Testbed.open(store.root().resolve(summary.hash()));
        Path tokenizerFile = testbed.folder().resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new IllegalStateException("testbed " + testbed.id() + " has no tokenizer.json");
        }
        Path checkpoint = testbed.folder().resolve(Testbed.CHECKPOINT);
        PromptFormat format = PromptFormat.PLAIN;
        Tokenizer tokenizer;
        if (Files.isRegularFile(checkpoint)) {
            // built on a pretrained checkpoint: its own tokenizer, and prompts wrapped as at the build
            try {
                format = PromptFormat.named(JSON.readTree(checkpoint.toFile()).path("prompt_format").asText());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + Testbed.CHECKPOINT + " of testbed " + testbed.id(), e);
            }
            tokenizer = HfTokenizer.load(testbed.folder());
        } else {
            tokenizer = SubwordTokenizer.read(tokenizerFile);
        }
        DataSetKind kind = DataSetKind.fromId(testbed.manifest().path("data").asText());
        String expected = testbed.manifest().path("data_sha256").asText();
        Corpus corpus = format.apply(corpus(kind, catalog, syntheticSeed, testbed.config().name(), expected));
        List<String> refusals = kind == DataSetKind.TOFU
                ? TofuReader.refusals(catalog.statusOf(DataSetKind.TOFU).location())
                : EvaluationData.GENERATED_REFUSALS;
        EvaluationData data = EvaluationData.of(corpus, tokenizer, refusals);
        Transformer thetaO = testbed.loadThetaO(Device.cpu());
        Transformer thetaR;
        try {
            thetaR = testbed.loadThetaR(Device.cpu());
        } catch (RuntimeException e) {
            thetaO.close();
            throw e;
        }
        return new SeedTestbed(testbed.maskSeed(), testbed.hash(), thetaO, thetaR, testbed.targetRegion(), data, tokenizer,
                testbed.folder().resolve(Testbed.THETA_O));
    }

    private static Corpus corpus(DataSetKind kind, DataCatalog catalog, long syntheticSeed, String model, String expected) {
        List<SyntheticSize> sizes = kind == DataSetKind.SYNTHETIC ? candidateSizes(model) : List.of(SyntheticSize.TINY);
        for (SyntheticSize size : sizes) {
            Corpus corpus = CorpusLoader.load(kind, catalog, syntheticSeed, size);
            if (CorpusJson.sha256(corpus).equals(expected)) {
                return corpus;
            }
        }
        throw new IllegalStateException("the " + kind.id() + " data available here (hash differs from the testbed's "
                + expected.substring(0, Math.min(12, expected.length())) + "...) is not the data this testbed was built from"
                + (kind == DataSetKind.SYNTHETIC ? "; was it generated with another seed than " + syntheticSeed + "?" : ""));
    }

    private static List<SyntheticSize> candidateSizes(String model) {
        List<SyntheticSize> sizes = new ArrayList<>();
        try {
            sizes.add(SyntheticSize.named(model));
        } catch (IllegalArgumentException ignored) {
            // model names that are no corpus size: try every preset
        }
        for (SyntheticSize s : List.of(SyntheticSize.TINY, SyntheticSize.SMALL)) {
            if (!sizes.contains(s)) {
                sizes.add(s);
            }
        }
        return sizes;
    }
}
