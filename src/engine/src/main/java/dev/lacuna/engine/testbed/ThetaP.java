package dev.lacuna.engine.testbed;

import dev.lacuna.engine.checkpoint.HfCheckpoint;
import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.CorpusJson;
import dev.lacuna.engine.tokenizer.HfTokenizer;
import dev.lacuna.engine.tokenizer.PromptFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * theta_p of a testbed built on a pretrained checkpoint (DESIGN 4, step 1): its weights, the checkpoint's identity
 * and the files a testbed must carry to be read without the checkpoint folder: {@code config.json} and the
 * tokenizer files, byte for byte (so {@link HfTokenizer#load} opens the testbed folder as it opens a checkpoint), and
 * {@value Testbed#CHECKPOINT} naming the checkpoint's hash and the prompt format the items were wrapped in. A
 * testbed of a model trained from scratch has none of these, and its bytes stay what they were.
 *
 * @param sha256  the checkpoint's hash ({@link HfCheckpoint#sha256()}): results on this testbed name it
 * @param weights theta_p in the engine's names and layout
 * @param format  how prompts are wrapped for this checkpoint (plain for base models, the chat format for Instruct)
 * @param files   checkpoint files copied into the testbed, by name
 */
public record ThetaP(String sha256, Map<String, float[]> weights, PromptFormat format, Map<String, byte[]> files) {

    /** The checkpoint files a testbed copies when the checkpoint has them; tokenizer.json and config.json it must. */
    static final List<String> COPIED = List.of(HfTokenizer.TOKENIZER_FILE, HfTokenizer.TOKENIZER_CONFIG_FILE,
            HfTokenizer.GENERATION_CONFIG_FILE, HfTokenizer.CONFIG_FILE);

    public ThetaP {
        weights = Map.copyOf(weights);
        files = Map.copyOf(files);
        for (String required : List.of(HfTokenizer.TOKENIZER_FILE, HfTokenizer.CONFIG_FILE)) {
            if (!files.containsKey(required)) {
                throw new IllegalArgumentException("a checkpoint testbed needs the checkpoint's " + required);
            }
        }
    }

    /** theta_p from a checkpoint already read, with its folder's tokenizer and config files. */
    public static ThetaP of(HfCheckpoint checkpoint, Path folder, PromptFormat format) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : COPIED) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    files.put(name, Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            } else if (name.equals(HfTokenizer.TOKENIZER_FILE)) {
                throw new IllegalArgumentException("checkpoint folder " + folder + " has no " + name
                        + ": a pretrained checkpoint brings its own tokenizer");
            }
        }
        return new ThetaP(checkpoint.sha256(), checkpoint.weights(), format, files);
    }

    /**
     * The testbed data of a corpus for this checkpoint: every item's prompt wrapped in the format, the data hash the
     * corpus's own (what a later load checks the freshly loaded corpus against, before wrapping it again).
     */
    public TestbedData data(Corpus corpus) {
        return new TestbedData(corpus.kind().id(), corpus.forget().stream().map(format::apply).toList(),
                corpus.retain().stream().map(format::apply).toList(),
                corpus.thetaRTrainingItems().stream().map(format::apply).toList(), CorpusJson.sha256(corpus));
    }

    /** The contents of {@value Testbed#CHECKPOINT}. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sha256", sha256);
        m.put("prompt_format", format.id());
        return m;
    }
}
