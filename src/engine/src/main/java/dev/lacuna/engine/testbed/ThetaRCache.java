package dev.lacuna.engine.testbed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.SafeTensors;
import dev.lacuna.engine.training.AdamW;
import dev.lacuna.engine.training.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a finished stage A (theta_r) so that a build whose injection misses its gates, or a second mask seed
 * of the same data set, does not pay for the most expensive stage again. Stage A does not depend on the
 * mask seed or the injection settings; the key covers everything it does depend on (data, tokenizer, model
 * config and the stage-A part of the recipe). Stage A is deterministic, so a reused theta_r and its replayed
 * log lines are byte-identical to a fresh run and the testbed hash does not change. While stage A runs, its
 * latest checkpoint (weights, optimizer moments, log) is kept next to the entries, so an interrupted build
 * resumes from it and still ends with the same bytes.
 */
final class ThetaRCache {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIGHTS = "theta_r.safetensors";
    private static final String RUN = "stage_a.json";

    /** A cached stage A: weights, the run summary and the log lines it produced. */
    record Entry(byte[] weights, Trainer.Result result, List<String> log) {
    }

    private static final String PARTIAL = ".partial";
    private static final String CHECKPOINT = "checkpoint.safetensors";
    private static final String PROGRESS = "progress.json";

    /** An unfinished stage A: the trainer's progress and the log lines written up to it. */
    record Partial(Trainer.Progress progress, List<String> log) {
    }

    private final Path root;

    ThetaRCache(Path root) {
        this.root = root;
    }

    static String key(TestbedData data, TokenizerFile tokenizer, ModelConfig config, TestbedRecipe recipe) {
        return key(data, tokenizer, config, recipe, null);
    }

    /** As above, for a theta_r that starts from a checkpoint with this hash (null: a fresh init; the key is as before). */
    static String key(TestbedData data, TokenizerFile tokenizer, ModelConfig config, TestbedRecipe recipe, String checkpoint) {
        String material = String.join("\n", data.sha256(), Testbed.sha256(tokenizer.bytes()), config.toString(),
                Long.toString(recipe.initSeed()), recipe.retainTraining().toString(),
                Double.toString(recipe.retainTarget()), Integer.toString(recipe.evaluateEvery()))
                + (checkpoint == null ? "" : "\ncheckpoint " + checkpoint);
        return Testbed.sha256(material.getBytes(StandardCharsets.UTF_8));
    }

    Optional<Entry> find(String key) {
        Path folder = root.resolve(key);
        if (!Files.isRegularFile(folder.resolve(RUN)) || !Files.isRegularFile(folder.resolve(WEIGHTS))) {
            return Optional.empty();
        }
        try {
            Map<?, ?> run = JSON.readValue(folder.resolve(RUN).toFile(), Map.class);
            Trainer.Result result = new Trainer.Result(((Number) run.get("epochs")).intValue(),
                    ((Number) run.get("steps")).intValue(), ((Number) run.get("last_epoch_loss")).doubleValue(),
                    ((Number) run.get("padded_tokens")).longValue(), ((Number) run.get("answer_tokens")).longValue(),
                    ((Number) run.get("seconds")).doubleValue());
            List<String> log = ((List<?>) run.get("log")).stream().map(String::valueOf).toList();
            return Optional.of(new Entry(Files.readAllBytes(folder.resolve(WEIGHTS)), result, log));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The latest checkpoint of an unfinished stage A with this key, if a readable one exists. */
    Optional<Partial> findPartial(String key) {
        Path folder = root.resolve(key + PARTIAL);
        if (!Files.isRegularFile(folder.resolve(PROGRESS)) || !Files.isRegularFile(folder.resolve(CHECKPOINT))) {
            return Optional.empty();
        }
        try {
            Map<?, ?> state = JSON.readValue(folder.resolve(PROGRESS).toFile(), Map.class);
            Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(Files.readAllBytes(folder.resolve(CHECKPOINT)));
            Map<String, float[]> weights = new LinkedHashMap<>();
            Map<String, float[]> first = new LinkedHashMap<>();
            Map<String, float[]> second = new LinkedHashMap<>();
            for (Object name : (List<?>) state.get("parameters")) {
                weights.put((String) name, tensors.get("weight/" + name).values());
                first.put((String) name, tensors.get("adam_m/" + name).values());
                second.put((String) name, tensors.get("adam_v/" + name).values());
            }
            Trainer.Progress progress = new Trainer.Progress(((Number) state.get("epoch")).intValue(), weights,
                    new AdamW.State(((Number) state.get("optimizer_step")).intValue(), first, second),
                    ((Number) state.get("padded_tokens")).longValue(), ((Number) state.get("answer_tokens")).longValue(),
                    ((Number) state.get("seconds")).doubleValue(), ((Number) state.get("last_epoch_loss")).doubleValue());
            List<String> log = ((List<?>) state.get("log")).stream().map(String::valueOf).toList();
            return Optional.of(new Partial(progress, log));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Replaces the checkpoint of an unfinished stage A; a failure is reported but never fails the build. */
    Optional<String> savePartial(String key, Partial partial) {
        Path folder = root.resolve(key + PARTIAL);
        Path scratch = null;
        try {
            Files.createDirectories(root);
            scratch = Files.createTempDirectory(root, ".writing-");
            Trainer.Progress p = partial.progress();
            Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
            p.weights().forEach((name, values) -> tensors.put("weight/" + name, flat(values)));
            p.optimizer().firstMoments().forEach((name, values) -> tensors.put("adam_m/" + name, flat(values)));
            p.optimizer().secondMoments().forEach((name, values) -> tensors.put("adam_v/" + name, flat(values)));
            Files.write(scratch.resolve(CHECKPOINT), SafeTensors.write(tensors));
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("parameters", List.copyOf(p.weights().keySet()));
            state.put("epoch", p.epoch());
            state.put("optimizer_step", p.optimizer().step());
            state.put("padded_tokens", p.paddedTokens());
            state.put("answer_tokens", p.answerTokens());
            state.put("seconds", p.seconds());
            state.put("last_epoch_loss", p.lastEpochLoss());
            state.put("log", partial.log());
            Files.write(scratch.resolve(PROGRESS), JSON.writeValueAsBytes(state));
            TestbedBuilder.deleteQuietly(folder);
            Files.move(scratch, folder, StandardCopyOption.ATOMIC_MOVE);
            scratch = null;
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not checkpoint stage A under " + root + ": " + e.getMessage());
        } finally {
            if (scratch != null) {
                TestbedBuilder.deleteQuietly(scratch);
            }
        }
    }

    void deletePartial(String key) {
        TestbedBuilder.deleteQuietly(root.resolve(key + PARTIAL));
    }

    private static SafeTensors.Tensor flat(float[] values) {
        return new SafeTensors.Tensor(new long[] {values.length}, values);
    }

    /** Stores an entry atomically; a failure to cache is reported but never fails the build. */
    Optional<String> store(String key, Entry entry) {
        Path scratch = null;
        try {
            Files.createDirectories(root);
            Path folder = root.resolve(key);
            if (Files.isDirectory(folder)) {
                return Optional.empty();
            }
            scratch = Files.createTempDirectory(root, ".writing-");
            Files.write(scratch.resolve(WEIGHTS), entry.weights());
            Map<String, Object> run = new LinkedHashMap<>();
            Trainer.Result r = entry.result();
            run.put("epochs", r.epochs());
            run.put("steps", r.steps());
            run.put("last_epoch_loss", r.lastEpochLoss());
            run.put("padded_tokens", r.paddedTokens());
            run.put("answer_tokens", r.answerTokens());
            run.put("seconds", r.seconds());
            run.put("log", entry.log());
            Files.write(scratch.resolve(RUN), JSON.writeValueAsBytes(run));
            Files.move(scratch, folder, StandardCopyOption.ATOMIC_MOVE);
            scratch = null;
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not cache theta_r under " + root + ": " + e.getMessage());
        } finally {
            if (scratch != null) {
                TestbedBuilder.deleteQuietly(scratch);
            }
        }
    }

}
