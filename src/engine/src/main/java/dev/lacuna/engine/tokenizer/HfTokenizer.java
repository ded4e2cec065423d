package dev.lacuna.engine.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The tokenizer a pretrained checkpoint brings: its {@code tokenizer.json}, run by the Hugging Face
 * tokenizers library through DJL (whose JAR carries the native library, so nothing is downloaded and
 * {@code ai.djl.offline=true} holds), with the special ids the checkpoint's configuration files name.
 *
 * <p><b>Encoding.</b> {@link #encode} never adds special tokens: the engine prepends BOS to every prompt
 * itself ({@link dev.lacuna.engine.model.EncodedItem}) and the trainer appends EOS after every answer, so
 * a tokenizer that added them too (Llama 3's post-processor adds {@code <|begin_of_text|>}) would double
 * them. Special tokens written <em>in the text</em> are still recognised as their single ids, as the
 * library always does; that is how a chat {@link PromptFormat}'s markers such as {@code <|eot_id|>} reach
 * the model. {@link #decode} drops special tokens.
 *
 * <p><b>Special ids.</b> Each is looked up in this order, the first found winning:
 * {@code tokenizer_config.json}'s {@code bos_token} / {@code eos_token} / {@code pad_token} (a token's
 * text, resolved to its id through {@code tokenizer.json}; this is what {@code transformers} itself reports
 * as the tokenizer's ids), then {@code generation_config.json}'s, then {@code config.json}'s
 * {@code bos_token_id} / {@code eos_token_id} / {@code pad_token_id}; where one of those is a list (Llama
 * 3.1 lists three stop ids) its first entry is taken, since the engine appends exactly one EOS. BOS and EOS
 * are required. Padding may be absent (Llama 3.1 has none): then the EOS id pads. That is safe because
 * padding never reaches a score here: batches are right-padded and the causal mask keeps every scored
 * position from seeing them ({@link dev.lacuna.engine.model.TokenBatch}), the cached decoder masks its
 * left padding as keys, and targets are listed explicitly, never inferred from "not padding". Choosing a
 * real id rather than an arbitrary one keeps the choice fixed and the embedding lookup in range.
 *
 * <p><b>Vocabulary size.</b> {@link #vocabularySize()} is {@code config.json}'s {@code vocab_size}, the
 * number of rows of the embedding and output matrices, which can exceed the tokenizer's own count (OLMo-2:
 * 100352 rows for 100278 tokens, padded for fast matrix shapes). It is the model's size that matters: the
 * softmax runs over every row, so probabilities, losses and greedy decoding all range over ids the tokenizer
 * never produces, and the engine's model must be built with that many rows to load the weights. Without a
 * {@code config.json} the tokenizer's own count is used.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {

    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String TOKENIZER_CONFIG_FILE = "tokenizer_config.json";
    public static final String GENERATION_CONFIG_FILE = "generation_config.json";
    public static final String CONFIG_FILE = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> ids;
    private final int tokenizerSize;
    private final int vocabularySize;
    private final int bosId;
    private final int eosId;
    private final int padId;
    private final boolean padIsEos;
    private final String chatTemplate;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Integer> ids, int tokenizerSize,
                        int vocabularySize, int bosId, int eosId, Integer padId, String chatTemplate) {
        this.tokenizer = tokenizer;
        this.ids = Map.copyOf(ids);
        this.tokenizerSize = tokenizerSize;
        this.vocabularySize = vocabularySize;
        this.bosId = bosId;
        this.eosId = eosId;
        this.padIsEos = padId == null;
        this.padId = padId == null ? eosId : padId;
        this.chatTemplate = chatTemplate;
    }

    /**
     * Loads the tokenizer of a checkpoint folder: {@code tokenizer.json} is required, and
     * {@code tokenizer_config.json}, {@code generation_config.json} and {@code config.json} are read where
     * present (see the class comment for what each contributes).
     */
    public static HfTokenizer load(Path folder) {
        Path tokenizerFile = folder.resolve(TOKENIZER_FILE);
        JsonNode tokenizerJson = readJson(tokenizerFile).orElseThrow(() -> new IllegalArgumentException(
                "checkpoint tokenizer " + tokenizerFile + " not found: a pretrained checkpoint folder must hold the "
                        + TOKENIZER_FILE + " of its Hugging Face release"));
        Map<String, Integer> ids = tokenIds(tokenizerFile, tokenizerJson);
        int tokenizerSize = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        if (tokenizerSize == 0) {
            throw new IllegalArgumentException(tokenizerFile + ": no tokens (neither model.vocab nor added_tokens)");
        }

        Path tokenizerConfigFile = folder.resolve(TOKENIZER_CONFIG_FILE);
        Path generationFile = folder.resolve(GENERATION_CONFIG_FILE);
        Path configFile = folder.resolve(CONFIG_FILE);
        Optional<JsonNode> tokenizerConfig = readJson(tokenizerConfigFile);
        Optional<JsonNode> generation = readJson(generationFile);
        Optional<JsonNode> config = readJson(configFile);

        int vocabularySize = tokenizerSize;
        if (config.isPresent() && config.get().has("vocab_size")) {
            JsonNode v = config.get().get("vocab_size");
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new IllegalArgumentException(configFile + ": vocab_size is not an integer: " + v);
            }
            vocabularySize = v.intValue();
            if (vocabularySize < tokenizerSize) {
                throw new IllegalArgumentException(configFile + ": vocab_size " + vocabularySize + " is smaller than the "
                        + tokenizerSize + " ids of " + tokenizerFile + "; the model could not embed every token");
            }
        }

        Sources sources = new Sources(ids, tokenizerFile, tokenizerConfigFile, tokenizerConfig, generationFile,
                generation, configFile, config, vocabularySize);
        Integer bos = sources.id("bos");
        Integer eos = sources.id("eos");
        Integer pad = sources.id("pad");
        if (bos == null || eos == null) {
            throw new IllegalArgumentException("no " + (bos == null ? "BOS" : "EOS") + " token in " + folder + ": none of "
                    + TOKENIZER_CONFIG_FILE + " (" + (bos == null ? "bos" : "eos") + "_token), " + GENERATION_CONFIG_FILE
                    + " or " + CONFIG_FILE + " (" + (bos == null ? "bos" : "eos") + "_token_id) names one");
        }

        HuggingFaceTokenizer tokenizer;
        try (InputStream in = Files.newInputStream(tokenizerFile)) {
            // Only tokenizer.json: no special tokens added, no truncation or padding (the engine batches itself).
            tokenizer = HuggingFaceTokenizer.newInstance(in,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot load checkpoint tokenizer " + tokenizerFile + ": " + e.getMessage(), e);
        }
        String chatTemplate = tokenizerConfig.map(c -> c.path("chat_template"))
                .filter(JsonNode::isTextual).map(JsonNode::textValue).orElse(null);
        return new HfTokenizer(tokenizer, ids, tokenizerSize, vocabularySize, bos, eos, pad, chatTemplate);
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    /** The number of ids {@code tokenizer.json} defines (largest id plus one); at most {@link #vocabularySize()}. */
    public int tokenizerSize() {
        return tokenizerSize;
    }

    @Override
    public int[] encode(String text) {
        long[] encoded = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            out[i] = Math.toIntExact(encoded[i]);
        }
        return out;
    }

    /** The text of some ids, special tokens dropped; ids beyond the tokenizer's own (padding rows of the model) add nothing. */
    @Override
    public String decode(int[] ids) {
        long[] known = Arrays.stream(ids).filter(id -> id >= 0 && id < tokenizerSize).asLongStream().toArray();
        return tokenizer.decode(known, true);
    }

    @Override
    public int padId() {
        return padId;
    }

    /** Whether the checkpoint names no padding token, so that {@link #padId()} is the EOS id (see the class comment). */
    public boolean padIsEos() {
        return padIsEos;
    }

    @Override
    public int bosId() {
        return bosId;
    }

    @Override
    public int eosId() {
        return eosId;
    }

    /**
     * {@code tokenizer_config.json}'s {@code chat_template} (Jinja source, never run here), empty for base models
     * and where the template is not a single string; {@link PromptFormat#suggestedBy} reads it.
     */
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /** The id of a token given by its text ({@code "<|eot_id|>"}), from the added tokens or the model's vocabulary. */
    public Optional<Integer> tokenId(String token) {
        return Optional.ofNullable(ids.get(token));
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Every token's id: the model's vocabulary ({@code model.vocab}) and the added tokens, which take precedence. */
    private static Map<String, Integer> tokenIds(Path file, JsonNode root) {
        Map<String, Integer> ids = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ids.put(e.getKey(), requireId(file, "model.vocab." + e.getKey(), e.getValue()));
            }
        } else if (vocab.isArray()) {
            // Unigram models list [piece, score] pairs; a piece's id is its position.
            for (int i = 0; i < vocab.size(); i++) {
                ids.put(vocab.get(i).path(0).asText(), i);
            }
        } else if (!vocab.isMissingNode()) {
            throw new IllegalArgumentException(file + ": model.vocab is neither an object nor a list");
        }
        for (JsonNode added : root.path("added_tokens")) {
            String content = added.path("content").asText(null);
            if (content == null) {
                throw new IllegalArgumentException(file + ": an entry of added_tokens has no content");
            }
            ids.put(content, requireId(file, "added_tokens '" + content + "'", added.path("id")));
        }
        return ids;
    }

    private static int requireId(Path file, String what, JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            throw new IllegalArgumentException(file + ": " + what + " has no valid id (" + node + ")");
        }
        return node.intValue();
    }

    /** A JSON file's tree, empty where the file does not exist; an unreadable or malformed file is an error naming it. */
    private static Optional<JsonNode> readJson(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(file + ": not a JSON object");
        }
        return Optional.of(node);
    }

    /** The configuration files a special id can come from, asked in precedence order. */
    private record Sources(Map<String, Integer> ids, Path tokenizerFile, Path tokenizerConfigFile,
                           Optional<JsonNode> tokenizerConfig, Path generationFile, Optional<JsonNode> generation,
                           Path configFile, Optional<JsonNode> config, int vocabularySize) {

        /** The id of {@code role} ("bos", "eos", "pad"), or {@code null} where no file names one. */
        Integer id(String role) {
            if (tokenizerConfig.isPresent()) {
                JsonNode token = tokenizerConfig.get().path(role + "_token");
                // A token is written as its text, or (older files) as an object holding it under "content".
                String text = token.isTextual() ? token.textValue() : token.path("content").asText(null);
                if (text != null) {
                    Integer id = ids.get(text);
                    if (id == null) {
                        throw new IllegalArgumentException(tokenizerConfigFile + ": " + role + "_token '" + text
                                + "' is not a token of " + tokenizerFile);
                    }
                    return id;
                }
            }
            Integer id = numbered(generationFile, generation, role);
            return id != null ? id : numbered(configFile, config, role);
        }

        private Integer numbered(Path file, Optional<JsonNode> json, String role) {
            if (json.isEmpty()) {
                return null;
            }
            JsonNode node = json.get().path(role + "_token_id");
            if (node.isArray()) {
                node = node.path(0);
            }
            if (node.isMissingNode() || node.isNull()) {
                return null;
            }
            int id = requireId(file, role + "_token_id", node);
            if (id >= vocabularySize) {
                throw new IllegalArgumentException(file + ": " + role + "_token_id " + id + " is outside the vocabulary of "
                        + vocabularySize + " ids");
            }
            return id;
        }
    }
}
