package dev.lacuna.engine.testbed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.model.ModelConfig;
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
 * log lines are byte-identical to a fresh run and the testbed hash does not change.
 */
final class ThetaRCache {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIGHTS = "theta_r.safetensors";
    private static final String RUN = "stage_a.json";

    /** A cached stage A: weights, the run summary and the log lines it produced. */
    record Entry(byte[] weights, Trainer.Result result, List<String> log) {
    }

    private final Path root;

    ThetaRCache(Path root) {
        this.root = root;
    }

    static String key(TestbedData data, TokenizerFile tokenizer, ModelConfig config, TestbedRecipe recipe) {
        String material = String.join("\n", data.sha256(), Testbed.sha256(tokenizer.bytes()), config.toString(),
                Long.toString(recipe.initSeed()), recipe.retainTraining().toString(),
                Double.toString(recipe.retainTarget()), Integer.toString(recipe.evaluateEvery()));
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
                scratch.toFile().listFiles(f -> f.delete());
                scratch.toFile().delete();
            }
        }
    }

}
