package dev.lacuna.engine.testbed;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lacuna.engine.data.QaItem;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.ModelScorer;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.SafeTensors;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.tokenizer.Tokenizer;
import dev.lacuna.engine.training.RegionTrainer;
import dev.lacuna.engine.training.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds one testbed (data set x model config x mask seed) by the recipe of DESIGN 4: theta_r learns the
 * retain side with every parameter, V_tgt is a random p % of the value vectors, theta_o learns the forget
 * set inside V_tgt only. The gates are checked before anything is written; a passing build is written to a
 * scratch folder and moved into place under its content hash, so a testbed folder is either complete or
 * absent. The same inputs on the same device type give the same bytes, hence the same hash.
 */
public final class TestbedBuilder {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Items per ES pass (length-sorted): small batches keep padding, and so the cost of a check, low. */
    private static final int ES_BATCH = 32;

    private final Device device;
    private final Consumer<String> progress;
    private final Path thetaRCache;
    private final boolean memoryAwareInjection;

    /**
     * @param progress receives each build-log line as it is produced, plus the loss of every epoch between
     *                 ES checks (for consoles and job progress; those lines stay out of the stored log)
     */
    public TestbedBuilder(Device device, Consumer<String> progress) {
        this(device, progress, null, false);
    }

    private TestbedBuilder(Device device, Consumer<String> progress, Path thetaRCache, boolean memoryAwareInjection) {
        this.device = device;
        this.progress = progress;
        this.thetaRCache = thetaRCache;
        this.memoryAwareInjection = memoryAwareInjection;
    }

    /**
     * The same builder, keeping each finished theta_r under {@code folder} and reusing it for later builds
     * of the same data, tokenizer, model and stage-A recipe (other mask seeds, or a retry after the
     * injection missed its gates). The testbed's bytes do not change.
     */
    public TestbedBuilder withThetaRCache(Path folder) {
        return new TestbedBuilder(device, progress, folder, memoryAwareInjection);
    }

    /**
     * The same builder, injecting theta_o (stage B) with {@link RegionTrainer}: only the region's rows trainable, with
     * activation checkpointing, the memory {@link dev.lacuna.engine.training.MemoryPlan#of} plans for a 7-8 B
     * checkpoint. It minimises the same objective on the same batches, so it passes the same gates, but float32 sums
     * in another order make theta_o, and so the testbed's hash, differ in the last bits; builds without it are
     * unchanged. The log says which trainer injected.
     */
    public TestbedBuilder withMemoryAwareInjection() {
        return new TestbedBuilder(device, progress, thetaRCache, true);
    }

    /** A build from a fresh initialisation that passed its gates: the stored testbed. */
    public Testbed build(TestbedData data, Tokenizer tokenizer, TokenizerFile tokenizerFile, ModelConfig config,
                         long maskSeed, TestbedRecipe recipe, Path storeRoot) {
        return build(data, tokenizer, tokenizerFile, config, maskSeed, recipe, storeRoot, null);
    }

    /**
     * A build that passed its gates: the stored testbed. With {@code thetaP}, stage A starts from the pretrained
     * checkpoint instead of a fresh initialisation, and the testbed also stores the checkpoint's config and tokenizer
     * files and {@value Testbed#CHECKPOINT} (its hash and prompt format).
     */
    public Testbed build(TestbedData data, Tokenizer tokenizer, TokenizerFile tokenizerFile, ModelConfig config,
                         long maskSeed, TestbedRecipe recipe, Path storeRoot, ThetaP thetaP) {
        if (config.vocab() != tokenizer.vocabularySize()) {
            throw new IllegalArgumentException("model vocabulary " + config.vocab() + " differs from the tokenizer's "
                    + tokenizer.vocabularySize());
        }
        long start = System.nanoTime();
        List<String> log = new ArrayList<>();
        Consumer<String> say = line -> {
            log.add(line);
            progress.accept(line);
        };
        List<EncodedItem> forget = EncodedItem.all(data.forget(), tokenizer);
        List<EncodedItem> retain = EncodedItem.all(data.retain(), tokenizer);
        List<EncodedItem> training = EncodedItem.all(data.thetaRTraining(), tokenizer);
        int pad = tokenizer.padId();
        Trainer trainer = new Trainer(pad, tokenizer.eosId());
        say.accept(String.format(Locale.ROOT, "testbed %s/%s mask seed %d: %d forget, %d retain, %d theta_r training items; %,d parameters",
                data.name(), config.name(), maskSeed, forget.size(), retain.size(), training.size(), config.parameters()));

        ThetaRCache cache = thetaRCache == null ? null : new ThetaRCache(thetaRCache);
        String cacheKey = ThetaRCache.key(data, tokenizerFile, config, recipe, thetaP == null ? null : thetaP.sha256());
        Optional<ThetaRCache.Entry> cached = cache == null ? Optional.empty() : cache.find(cacheKey);
        try (Transformer thetaR = cached.isPresent()
                ? SafeTensors.readModel(config, cached.get().weights(), device)
                : thetaP == null ? Transformer.initialize(config, recipe.initSeed(), device)
                : Transformer.fromWeights(config, thetaP.weights(), device)) {
            Trainer.Result a;
            if (cached.isPresent()) {
                progress.accept("stage A: reusing theta_r from the cache (" + cacheKey.substring(0, 12) + ")");
                cached.get().log().forEach(say);
                a = cached.get().result();
            } else {
                int logStart = log.size();
                Optional<ThetaRCache.Partial> partial = cache == null ? Optional.empty() : cache.findPartial(cacheKey);
                if (partial.isPresent()) {
                    progress.accept("stage A: resuming from the checkpoint after epoch " + partial.get().progress().epoch());
                    partial.get().log().forEach(say);
                } else {
                    say.accept(thetaP == null ? "stage A: theta_r, all parameters"
                            : "stage A: theta_r, all parameters, from checkpoint " + thetaP.sha256());
                }
                Trainer.Checkpoints checkpoints = cache == null ? null : new Trainer.Checkpoints() {
                    @Override
                    public Optional<Trainer.Progress> latest() {
                        return partial.map(ThetaRCache.Partial::progress);
                    }

                    @Override
                    public boolean due(int epoch) {
                        return epoch % recipe.evaluateEvery() == 0;
                    }

                    @Override
                    public void save(Trainer.Progress state) {
                        cache.savePartial(cacheKey, new ThetaRCache.Partial(state,
                                List.copyOf(log.subList(logStart, log.size())))).ifPresent(progress);
                    }
                };
                StageClock clockA = new StageClock(recipe.retainTraining().epochs(),
                        String.format(Locale.ROOT, "retain ES %.2f", recipe.retainTarget()));
                a = trainer.trainAll(thetaR, training, recipe.retainTraining(), (epoch, loss) -> {
                    if (epoch % recipe.evaluateEvery() != 0) {
                        progress.accept(String.format(Locale.ROOT, "A epoch %d loss %.4f %s", epoch, loss, clockA.at(epoch)));
                        return true;
                    }
                    double es = ModelScorer.meanExtractionStrength(thetaR, retain, pad, ES_BATCH);
                    say.accept(String.format(Locale.ROOT, "A epoch %d loss %.4f retain ES %.4f", epoch, loss, es));
                    progress.accept("A epoch " + epoch + " " + clockA.at(epoch));
                    return es < recipe.retainTarget();
                }, checkpoints);
                say.accept(String.format(Locale.ROOT, "stage A done: %d epochs, %d steps", a.epochs(), a.steps()));
                if (cache != null) {
                    cache.store(cacheKey, new ThetaRCache.Entry(SafeTensors.write(thetaR), a,
                            List.copyOf(log.subList(logStart, log.size())))).ifPresent(progress);
                    cache.deletePartial(cacheKey);
                }
            }

            double retainEsThetaR = ModelScorer.meanExtractionStrength(thetaR, retain, pad, ES_BATCH);
            GateThresholds thresholds = recipe.thresholds();
            if (retainEsThetaR < thresholds.lowestUsefulRetainThetaR()) {
                throw new ThetaRTooWeakException(retainEsThetaR, a.epochs(), thresholds);
            }
            Region target = Region.random(config.layers(), config.dFf(), recipe.fraction(), maskSeed);
            say.accept("V_tgt: " + target.size() + " of " + config.valueVectors() + " value vectors");
            try (Transformer thetaO = thetaR.copy()) {
                say.accept("stage B: theta_o, V_tgt only, L_forget + " + recipe.injection().retainWeight() + " L_retain"
                        + (memoryAwareInjection ? " (memory-aware: region rows only, activation checkpointing)" : ""));
                StageClock clockB = new StageClock(recipe.injection().epochs(),
                        String.format(Locale.ROOT, "forget ES %.2f with the retain gate", recipe.forgetTarget()));
                Trainer.EpochListener injected = (epoch, loss) -> {
                    if (epoch % recipe.evaluateEvery() != 0) {
                        progress.accept(String.format(Locale.ROOT, "B epoch %d loss %.4f %s", epoch, loss, clockB.at(epoch)));
                        return true;
                    }
                    double forgetEs = ModelScorer.meanExtractionStrength(thetaO, forget, pad, ES_BATCH);
                    if (forgetEs < recipe.forgetTarget()) {
                        say.accept(String.format(Locale.ROOT, "B epoch %d loss %.4f forget ES %.4f", epoch, loss, forgetEs));
                        progress.accept("B epoch " + epoch + " " + clockB.at(epoch));
                        return true;
                    }
                    double retainEs = ModelScorer.meanExtractionStrength(thetaO, retain, pad, ES_BATCH);
                    say.accept(String.format(Locale.ROOT, "B epoch %d loss %.4f forget ES %.4f retain ES %.4f",
                            epoch, loss, forgetEs, retainEs));
                    progress.accept("B epoch " + epoch + " " + clockB.at(epoch));
                    return !thresholds.retainHolds(retainEs, retainEsThetaR);
                };
                Trainer.Result b = memoryAwareInjection
                        ? new RegionTrainer(pad, tokenizer.eosId()).train(thetaO, forget, retain, target, recipe.injection(), injected)
                        : trainer.train(thetaO, forget, retain, target, recipe.injection(), injected);
                say.accept(String.format(Locale.ROOT, "stage B done: %d epochs, %d steps", b.epochs(), b.steps()));

                Gates gates = new Gates(
                        ModelScorer.meanExtractionStrength(thetaO, forget, pad, ES_BATCH),
                        ModelScorer.meanExtractionStrength(thetaR, forget, pad, ES_BATCH),
                        ModelScorer.meanExtractionStrength(thetaO, retain, pad, ES_BATCH),
                        retainEsThetaR);
                say.accept(String.format(Locale.ROOT, "gates: forget ES theta_o %.4f theta_r %.4f, retain ES theta_o %.4f theta_r %.4f",
                        gates.forgetEsThetaO(), gates.forgetEsThetaR(), gates.retainEsThetaO(), gates.retainEsThetaR()));
                List<String> failures = gates.failures(thresholds);
                if (!failures.isEmpty()) {
                    throw new TestbedGateException(gates, failures);
                }

                Map<String, byte[]> files = new LinkedHashMap<>();
                files.put(Testbed.THETA_R, SafeTensors.write(thetaR));
                files.put(Testbed.THETA_O, SafeTensors.write(thetaO));
                files.put(Testbed.TARGET_REGION, target.toBytes());
                files.put(tokenizerFile.fileName(), tokenizerFile.bytes());
                files.put(Testbed.MODEL, json(Testbed.modelJson(config)));
                files.put(Testbed.DATA, json(dataJson(data)));
                files.put(Testbed.METRICS, json(metricsJson(gates, recipe, target, a, b)));
                files.put(Testbed.LOG, (String.join("\n", log) + "\n").getBytes(StandardCharsets.UTF_8));
                if (thetaP != null) {
                    thetaP.files().forEach((name, bytes) -> {
                        byte[] before = files.putIfAbsent(name, bytes);
                        if (before != null && !java.util.Arrays.equals(before, bytes)) {
                            throw new IllegalStateException("checkpoint file " + name + " would replace the testbed's own");
                        }
                    });
                    files.put(Testbed.CHECKPOINT, json(thetaP.describe()));
                }
                return store(files, data, config, maskSeed, gates, target, recipe, (System.nanoTime() - start) / 1e9, storeRoot,
                        thetaP);
            }
        }
    }

    private Testbed store(Map<String, byte[]> files, TestbedData data, ModelConfig config, long maskSeed, Gates gates,
                          Region target, TestbedRecipe recipe, double seconds, Path storeRoot, ThetaP thetaP) {
        Map<String, String> hashes = new LinkedHashMap<>();
        files.forEach((name, bytes) -> hashes.put(name, Testbed.sha256(bytes)));
        String hash = Testbed.contentHash(hashes);
        Path folder = storeRoot.resolve(hash);
        if (Files.isDirectory(folder)) {
            try {
                Testbed stored = Testbed.open(folder);
                progress.accept("identical testbed already stored as " + hash);
                return stored;
            } catch (CorruptTestbedException damaged) {
                progress.accept("stored testbed " + hash + " is damaged (" + damaged.getMessage() + "); replacing it with this build");
            }
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("id", data.name() + "-" + config.name() + "-" + maskSeed + "-" + hash.substring(0, 12));
        manifest.put("hash", hash);
        manifest.put("data", data.name());
        manifest.put("model", config.name());
        manifest.put("mask_seed", maskSeed);
        if (thetaP != null) {
            manifest.put("checkpoint_sha256", thetaP.sha256());
            manifest.put("prompt_format", thetaP.format().id());
        }
        manifest.put("data_sha256", data.sha256());
        manifest.put("region_fraction", recipe.fraction());
        manifest.put("region_size", target.size());
        manifest.put("retain_weight", recipe.injection().retainWeight());
        manifest.put("gates", gatesJson(gates));
        manifest.put("files", new TreeMap<>(hashes));
        manifest.put("build_seconds", Math.round(seconds * 10) / 10.0);
        manifest.put("build_threads", JniUtils.getNumThreads());
        Path scratch = null;
        try {
            Files.createDirectories(storeRoot);
            scratch = Files.createTempDirectory(storeRoot, ".building-");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(scratch.resolve(e.getKey()), e.getValue());
            }
            Files.write(scratch.resolve(TestbedStore.MANIFEST), json(manifest));
            TestbedStore.place(scratch, folder);
            scratch = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store testbed " + hash + " under " + storeRoot, e);
        } finally {
            if (scratch != null) {
                deleteQuietly(scratch);
            }
        }
        progress.accept("stored testbed " + hash);
        return Testbed.open(folder);
    }

    private static Map<String, Object> dataJson(TestbedData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", data.name());
        m.put("sha256", data.sha256());
        m.put("forget_items", data.forget().size());
        m.put("retain_items", data.retain().size());
        m.put("theta_r_training_items", data.thetaRTraining().size());
        m.put("forget_ids", data.forget().stream().map(QaItem::id).toList());
        return m;
    }

    private static Map<String, Object> metricsJson(Gates gates, TestbedRecipe recipe, Region target, Trainer.Result a, Trainer.Result b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gates", gatesJson(gates));
        m.put("thresholds", recipe.thresholds());
        m.put("region_size", target.size());
        m.put("stage_a", Map.of("epochs", a.epochs(), "steps", a.steps(), "last_epoch_loss", a.lastEpochLoss()));
        m.put("stage_b", Map.of("epochs", b.epochs(), "steps", b.steps(), "last_epoch_loss", b.lastEpochLoss()));
        m.put("recipe", recipe);
        return m;
    }

    private static Map<String, Object> gatesJson(Gates g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("forget_es_theta_o", g.forgetEsThetaO());
        m.put("forget_es_theta_r", g.forgetEsThetaR());
        m.put("retain_es_theta_o", g.retainEsThetaO());
        m.put("retain_es_theta_r", g.retainEsThetaR());
        return m;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a folder and everything in it, ignoring what cannot be removed. */
    static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover scratch folder has no manifest and is never listed
        }
    }

    /**
     * Where a training stage stands against its budget, for the progress lines only (the build log stored in the
     * manifest keeps no times, so a testbed's bytes do not depend on how fast it was built). The time left is an
     * upper bound at the pace so far: a stage stops as soon as it reaches its target.
     */
    static final class StageClock {
        private final long start = System.nanoTime();
        private final int budget;
        private final String target;
        private int epochsBefore = -1;

        StageClock(int budget, String target) {
            this.budget = budget;
            this.target = target;
        }

        /** {@code (of at most 40 epochs, until retain ES 0.75; at most 3m20s left)} after {@code epoch}. */
        String at(int epoch) {
            if (epochsBefore < 0) {
                epochsBefore = epoch - 1; // a stage resumed from a checkpoint starts counting after it
            }
            double secondsPerEpoch = (System.nanoTime() - start) / 1e9 / Math.max(1, epoch - epochsBefore);
            long left = Math.round(secondsPerEpoch * Math.max(0, budget - epoch));
            return String.format(Locale.ROOT, "(of at most %d epochs, until %s; at most %s left)", budget, target, duration(left));
        }

        static String duration(long seconds) {
            if (seconds >= 3600) {
                return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
            }
            return seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
        }
    }
}
