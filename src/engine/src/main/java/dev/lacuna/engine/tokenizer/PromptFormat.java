package dev.lacuna.engine.tokenizer;

import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.QaItem;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How an item's prompt text is wrapped before it is tokenized: unchanged ({@link #PLAIN}, the models trained
 * from scratch), or as one user turn of an Instruct model's chat template followed by the assistant's header,
 * so that the answer tokens are the assistant's reply. A testbed records the format by its {@link #id()}; a
 * changed format changes every token the model sees, so scores are only comparable under the same one.
 *
 * <p>The wrapped text is what the engine tokenizes <em>after</em> the BOS id it prepends itself, and the
 * answer is encoded on its own and followed by the EOS id (see {@link dev.lacuna.engine.model.EncodedItem} and
 * {@link dev.lacuna.engine.model.TokenBatch}); so a format names which special tokens must be the
 * checkpoint's BOS and EOS, and {@link #requireCompatible} checks them. The chat formats end the prompt with a
 * special token or a newline, where the checkpoints' pre-tokenizers cut anyway, so encoding prompt and answer
 * apart gives the same tokens as encoding them together.
 *
 * <p>TOFU items (prompt {@code "Question: {q}\nAnswer: "}, see {@link dev.lacuna.engine.data.TofuReader}) are
 * wrapped whole: the user's message is TOFU's prompt, the assistant's reply is the answer. The strings were
 * written from the {@code chat_template} of each model's published {@code tokenizer_config.json}, rendered
 * for the messages {@code [user: prompt, assistant: answer]} (no Jinja engine runs here); the one deliberate
 * difference is Llama's system block, see {@link #LLAMA3_CHAT}.
 */
public enum PromptFormat {

    /** The prompt text unchanged: what models trained from scratch have always been given. */
    PLAIN("plain", null, null, List.of()),

    /**
     * Llama 3.1 Instruct: {@code <|begin_of_text|>} (the BOS id),
     * {@code <|start_header_id|>user<|end_header_id|>\n\n}, the prompt with surrounding whitespace removed
     * (the template applies Jinja's {@code trim}, which drops TOFU's trailing space), {@code <|eot_id|>},
     * {@code <|start_header_id|>assistant<|end_header_id|>\n\n}; then the answer and {@code <|eot_id|>}
     * (the EOS id of the Instruct tokenizer).
     *
     * <p>Not reproduced: given no system message, the published template still opens with a system block
     * ({@code <|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday
     * Date: 26 Jul 2024\n\n<|eot_id|>}, the date being its fallback when the caller passes none). It carries
     * nothing about the item, would add the same block of tokens to every sequence, and with a caller's date
     * would make the tokens depend on the day they were made; the format is fixed and recorded instead.
     */
    LLAMA3_CHAT("llama3-chat", "<|begin_of_text|>", "<|eot_id|>",
            List.of("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>")),

    /**
     * OLMo-2 Instruct (the Tulu format): {@code <|endoftext|>} (the BOS id, which is also EOS),
     * {@code <|user|>\n}, the prompt as it is (no trimming in this template), {@code \n<|assistant|>\n}; then
     * the answer and {@code <|endoftext|>}. {@code <|user|>} and {@code <|assistant|>} are not special tokens
     * in OLMo-2's vocabulary: they are ordinary text that the BPE splits into pieces, as in the model's own
     * training. The template has no default system message.
     */
    OLMO2_CHAT("olmo2-chat", "<|endoftext|>", "<|endoftext|>", List.of());

    private static final Map<String, PromptFormat> BY_ID = Arrays.stream(values())
            .collect(Collectors.toMap(PromptFormat::id, f -> f, (a, b) -> a, LinkedHashMap::new));

    private final String id;
    private final String bosToken;
    private final String eosToken;
    private final List<String> markers;

    PromptFormat(String id, String bosToken, String eosToken, List<String> markers) {
        this.id = id;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.markers = markers;
    }

    /** The name a testbed records: {@code plain}, {@code llama3-chat} or {@code olmo2-chat}. */
    public String id() {
        return id;
    }

    /** The format recorded under a name. */
    public static PromptFormat named(String id) {
        PromptFormat format = BY_ID.get(id);
        if (format == null) {
            throw new IllegalArgumentException("unknown prompt format '" + id + "'; known: " + String.join(", ", BY_ID.keySet()));
        }
        return format;
    }

    /**
     * The format a checkpoint's {@code chat_template} (from {@code tokenizer_config.json}) was written for:
     * {@link #PLAIN} where there is none (base models), else the chat format whose markers it uses.
     */
    public static PromptFormat suggestedBy(String chatTemplate) {
        if (chatTemplate == null || chatTemplate.isBlank()) {
            return PLAIN;
        }
        if (chatTemplate.contains("<|start_header_id|>") && chatTemplate.contains("<|eot_id|>")) {
            return LLAMA3_CHAT;
        }
        if (chatTemplate.contains("<|user|>") && chatTemplate.contains("<|assistant|>")) {
            return OLMO2_CHAT;
        }
        throw new IllegalArgumentException("the checkpoint's chat_template matches none of the prompt formats "
                + BY_ID.keySet() + "; name one explicitly");
    }

    /** The text tokenized after BOS for an item whose prompt is {@code prompt}. */
    public String prompt(String prompt) {
        return switch (this) {
            case PLAIN -> prompt;
            case LLAMA3_CHAT -> "<|start_header_id|>user<|end_header_id|>\n\n" + jinjaTrim(prompt)
                    + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
            case OLMO2_CHAT -> "<|user|>\n" + prompt + "\n<|assistant|>\n";
        };
    }

    /** The item with its prompt wrapped; answers are left as they are (they are encoded on their own). */
    public QaItem apply(QaItem item) {
        return this == PLAIN ? item
                : new QaItem(item.id(), prompt(item.prompt()), item.answer(), item.paraphrasedAnswer(), item.perturbedAnswers());
    }

    /** Every item of a corpus with its prompt wrapped, sets and order kept. */
    public Corpus apply(Corpus corpus) {
        if (this == PLAIN) {
            return corpus;
        }
        Map<String, List<QaItem>> utility = new LinkedHashMap<>();
        corpus.utility().forEach((name, items) -> utility.put(name, apply(items)));
        return new Corpus(corpus.kind(), apply(corpus.forget()), apply(corpus.retain()), apply(corpus.forgetEval()), utility);
    }

    private List<QaItem> apply(List<QaItem> items) {
        return items.stream().map(this::apply).toList();
    }

    /**
     * Checks that a checkpoint's tokenizer is the one this format was written for: its BOS and EOS ids are
     * this format's opening and closing tokens, and every special marker in the wrapped text is a single
     * token. Without the check a mismatched pair would run silently: the markers would be split into
     * ordinary text pieces and the model would be trained to end answers with the wrong token.
     */
    public void requireCompatible(HfTokenizer tokenizer) {
        if (this == PLAIN) {
            return;
        }
        requireRole(tokenizer, "BOS", bosToken, tokenizer.bosId());
        requireRole(tokenizer, "EOS", eosToken, tokenizer.eosId());
        for (String marker : markers) {
            int id = tokenId(tokenizer, marker);
            int[] encoded = tokenizer.encode(marker);
            if (encoded.length != 1 || encoded[0] != id) {
                throw new IllegalArgumentException("prompt format " + id() + ": the tokenizer encodes '" + marker + "' as "
                        + Arrays.toString(encoded) + ", not as its single id " + id);
            }
        }
    }

    private void requireRole(HfTokenizer tokenizer, String role, String token, int actual) {
        int expected = tokenId(tokenizer, token);
        if (actual != expected) {
            throw new IllegalArgumentException("prompt format " + id() + " needs " + token + " (id " + expected + ") as "
                    + role + ", but the checkpoint's " + role + " id is " + actual);
        }
    }

    private int tokenId(HfTokenizer tokenizer, String token) {
        return tokenizer.tokenId(token).orElseThrow(() -> new IllegalArgumentException("prompt format " + id()
                + " needs the token " + token + ", which the checkpoint's tokenizer does not have"));
    }

    /**
     * Jinja's {@code trim}: Python's {@code str.strip()}, which removes Unicode whitespace at both ends,
     * including the no-break spaces that Java's {@link String#strip()} keeps.
     */
    static String jinjaTrim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || c == '\u0085' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }
}
