package dev.lacuna.engine.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Hugging Face tokenizer of the kind Llama 3 and OLMo-2 checkpoints ship (byte-level BPE with
 * added special tokens), written as {@code tokenizer.json} and {@code tokenizer_config.json}, so that the
 * checkpoint path can be tested end to end without downloading a model: the files load through the same
 * native library as a real checkpoint's.
 *
 * <p>Why byte-level BPE and not a word list: it is what both model families use, so the pre-tokenizer,
 * the decoder and the matching of special tokens inside text are exercised as they are with the real
 * files, and every string encodes and decodes back unchanged.
 *
 * <p>Ids, chosen so that tests can be checked by hand: ids 0..255 are the 256 bytes (id = byte value,
 * stored under GPT-2's printable stand-in characters, e.g. {@code Ġ} for the space), then one token per
 * prefix of each listed word in the order first met (a word of n bytes adds at most n-1 merges, so it
 * encodes as one token unless an earlier word's merge splits it first), then the special tokens in the
 * order given. Real checkpoints also put their special tokens after the ordinary vocabulary.
 *
 * @param words         pieces to become single tokens, written as the pre-tokenizer cuts text: a word
 *                      inside a sentence carries its leading space ({@code " born"})
 * @param specialTokens added special tokens, in id order
 * @param bosToken      {@code tokenizer_config.json}'s {@code bos_token}
 * @param eosToken      {@code tokenizer_config.json}'s {@code eos_token}
 * @param padToken      {@code tokenizer_config.json}'s {@code pad_token}, or {@code null} (Llama has none)
 * @param prependsBos   whether the post-processor adds BOS when special tokens are requested, as Llama
 *                      3's does; the engine never requests them, and a test checks that none appear
 * @param chatTemplate  {@code tokenizer_config.json}'s {@code chat_template}, or {@code null}
 */
public record HfTokenizerFiles(List<String> words, List<String> specialTokens, String bosToken, String eosToken,
                               String padToken, boolean prependsBos, String chatTemplate) {

    /** Llama 3's special tokens, in the order of their ids there (128000, 128001, 128006, 128007, 128009). */
    public static final List<String> LLAMA3_SPECIALS = List.of("<|begin_of_text|>", "<|end_of_text|>",
            "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>");
    /** OLMo-2's end-of-text token (BOS and EOS both) and its padding token. */
    public static final List<String> OLMO2_SPECIALS = List.of("<|endoftext|>", "<|pad|>");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Roughly how GPT-2's pre-tokenizer cuts text into words: an optional space, then letters or digits. */
    private static final Pattern WORD = Pattern.compile(" ?\\p{L}+| ?\\p{N}+");

    public HfTokenizerFiles {
        words = List.copyOf(words);
        specialTokens = List.copyOf(specialTokens);
        Objects.requireNonNull(bosToken, "bosToken");
        Objects.requireNonNull(eosToken, "eosToken");
        for (String token : padToken == null ? List.of(bosToken, eosToken) : List.of(bosToken, eosToken, padToken)) {
            if (!specialTokens.contains(token)) {
                throw new IllegalArgumentException("'" + token + "' is not among the special tokens " + specialTokens);
            }
        }
        if (new LinkedHashSet<>(specialTokens).size() != specialTokens.size()) {
            throw new IllegalArgumentException("duplicate special tokens in " + specialTokens);
        }
    }

    /**
     * Llama 3.1 Instruct's arrangement: BOS {@code <|begin_of_text|>} added by the post-processor, EOS
     * {@code <|eot_id|>} (the Instruct tokenizer's end of a turn), no padding token.
     */
    public static HfTokenizerFiles llama3(List<String> words) {
        return new HfTokenizerFiles(words, LLAMA3_SPECIALS, "<|begin_of_text|>", "<|eot_id|>", null, true,
                "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m['role'] }}<|end_header_id|>\n\n"
                        + "{{ m['content'] | trim }}<|eot_id|>{% endfor %}");
    }

    /** OLMo-2 Instruct's arrangement: {@code <|endoftext|>} is BOS and EOS, {@code <|pad|>} pads, nothing is added. */
    public static HfTokenizerFiles olmo2(List<String> words) {
        return new HfTokenizerFiles(words, OLMO2_SPECIALS, "<|endoftext|>", "<|endoftext|>", "<|pad|>", false,
                "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}<|user|>\n{{ m['content'] }}\n"
                        + "{% else %}<|assistant|>\n{{ m['content'] }}{{ eos_token }}{% endif %}{% endfor %}");
    }

    /** The word pieces of some texts, each once, in the order first met: a vocabulary that fits them. */
    public static List<String> wordsIn(List<String> texts) {
        Set<String> words = new LinkedHashSet<>();
        for (String text : texts) {
            Matcher m = WORD.matcher(text);
            while (m.find()) {
                words.add(m.group());
            }
        }
        return List.copyOf(words);
    }

    /** Every token in id order: bytes, merged word prefixes, special tokens. */
    public List<String> vocabulary() {
        List<String> tokens = new ArrayList<>(ByteLevel.SYMBOLS);
        tokens.addAll(merges().values());
        tokens.addAll(specialTokens);
        return tokens;
    }

    /** The id of a token of {@link #vocabulary()}. */
    public int id(String token) {
        int id = vocabulary().indexOf(token);
        if (id < 0) {
            throw new IllegalArgumentException("no token '" + token + "' in this vocabulary");
        }
        return id;
    }

    /** The number of tokens, which is also one more than the largest id. */
    public int size() {
        return ByteLevel.SYMBOLS.size() + merges().size() + specialTokens.size();
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into a folder (created if needed). */
    public void writeTo(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(HfTokenizer.TOKENIZER_FILE), tokenizerJson(), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve(HfTokenizer.TOKENIZER_CONFIG_FILE), tokenizerConfigJson(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer files to " + folder, e);
        }
    }

    /** The {@code tokenizer.json} text. */
    public String tokenizerJson() {
        Map<String, String> merges = merges();
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        int firstSpecial = ByteLevel.SYMBOLS.size() + merges.size();
        for (int i = 0; i < specialTokens.size(); i++) {
            added.addObject()
                    .put("id", firstSpecial + i)
                    .put("content", specialTokens.get(i))
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", true);
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer")
                .put("type", "ByteLevel")
                .put("add_prefix_space", false)
                .put("trim_offsets", true)
                .put("use_regex", true);
        if (prependsBos) {
            ObjectNode processor = root.putObject("post_processor");
            processor.put("type", "TemplateProcessing");
            ArrayNode single = processor.putArray("single");
            single.addObject().putObject("SpecialToken").put("id", bosToken).put("type_id", 0);
            single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            ArrayNode pair = processor.putArray("pair");
            pair.addObject().putObject("SpecialToken").put("id", bosToken).put("type_id", 0);
            pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            pair.addObject().putObject("SpecialToken").put("id", bosToken).put("type_id", 1);
            pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
            ObjectNode special = processor.putObject("special_tokens").putObject(bosToken);
            special.put("id", bosToken);
            special.putArray("ids").add(firstSpecial + specialTokens.indexOf(bosToken));
            special.putArray("tokens").add(bosToken);
        } else {
            root.putNull("post_processor");
        }
        root.putObject("decoder")
                .put("type", "ByteLevel")
                .put("add_prefix_space", true)
                .put("trim_offsets", true)
                .put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        int id = 0;
        for (String symbol : ByteLevel.SYMBOLS) {
            vocab.put(symbol, id++);
        }
        for (String merged : merges.values()) {
            vocab.put(merged, id++);
        }
        ArrayNode mergeList = model.putArray("merges");
        merges.keySet().forEach(mergeList::add);
        return write(root);
    }

    /** The {@code tokenizer_config.json} text: the special tokens by name, and the chat template if any. */
    public String tokenizerConfigJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("bos_token", bosToken);
        root.put("eos_token", eosToken);
        if (padToken != null) {
            root.put("pad_token", padToken);
        }
        if (chatTemplate != null) {
            root.put("chat_template", chatTemplate);
        }
        root.put("tokenizer_class", "PreTrainedTokenizerFast");
        return write(root);
    }

    /** Merge rules ("left right", in rank order) mapped to the token each one makes. */
    private Map<String, String> merges() {
        Map<String, String> merges = new LinkedHashMap<>();
        Set<String> made = new LinkedHashSet<>(ByteLevel.SYMBOLS);
        for (String word : words) {
            List<String> symbols = ByteLevel.symbols(word);
            String prefix = symbols.isEmpty() ? "" : symbols.get(0);
            for (int k = 1; k < symbols.size(); k++) {
                String next = prefix + symbols.get(k);
                if (made.add(next)) {
                    merges.put(prefix + " " + symbols.get(k), next);
                }
                prefix = next;
            }
        }
        return merges;
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * GPT-2's byte-level alphabet: each byte is stored as one printable character, the byte's own
     * character where that is printable and not a space, otherwise the next unused code point from 256 up,
     * in byte order (so the space 0x20 becomes U+0120 {@code Ġ} and the newline U+010A {@code Ċ}).
     */
    static final class ByteLevel {

        static final List<String> SYMBOLS = symbols();

        private ByteLevel() {
        }

        private static List<String> symbols() {
            List<String> symbols = new ArrayList<>(256);
            int next = 256;
            for (int b = 0; b < 256; b++) {
                boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
                symbols.add(Character.toString(printable ? b : next++));
            }
            return List.copyOf(symbols);
        }

        /** The byte-level symbols of a text's UTF-8 bytes. */
        static List<String> symbols(String text) {
            List<String> out = new ArrayList<>();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                out.add(SYMBOLS.get(b & 0xFF));
            }
            return out;
        }
    }
}
