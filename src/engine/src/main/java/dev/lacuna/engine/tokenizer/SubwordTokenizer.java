package dev.lacuna.engine.tokenizer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.QaItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * The tokenizer of models trained from scratch: greedy longest-match subwords over a vocabulary learned
 * from theta_r's training data only, with UTF-8 byte fallback so that any string can be encoded and
 * decoded back unchanged.
 *
 * <p>Why this shape: injection freezes embeddings and output rows, so a forget token that theta_r never
 * produced cannot be learned by the injected region. Fitting therefore keeps a learned subword only if
 * it occurs in the encoding of theta_r's training answers (greedy longest match lets unused subwords
 * be dropped without changing any other encoding), and the single-character alphabet is exactly the
 * characters of the training texts. Together with the {@linkplain dev.lacuna.engine.data.CharacterPrimer
 * character primer} every forget token then occurs in theta_r's training data; {@link TokenCoverage}
 * checks it. Byte-fallback tokens exist for evaluation strings with unseen characters and are never
 * trained.
 *
 * <p>Ids: 0 pad, 1 bos, 2 eos, 3..258 the bytes 0x00..0xFF, then the alphabet in code-point order, then
 * the learned subwords in the order they were learned.
 */
public final class SubwordTokenizer implements Tokenizer {

    /** Format tag written to and required in saved files. */
    public static final String FORMAT = "lacuna-subword-1";
    /** A vocabulary size that suits TOFU-sized corpora. */
    public static final int DEFAULT_VOCABULARY_SIZE = 3000;

    private static final List<String> SPECIALS = List.of("<pad>", "<bos>", "<eos>");
    private static final int BYTE_OFFSET = SPECIALS.size();
    private static final int FIRST_TEXT_ID = BYTE_OFFSET + 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final int longestToken;

    private SubwordTokenizer(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        int longest = 1;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.isEmpty()) {
                throw new IllegalArgumentException("empty token at position " + i);
            }
            if (ids.put(token, FIRST_TEXT_ID + i) != null) {
                throw new IllegalArgumentException("duplicate token '" + token + "'");
            }
            longest = Math.max(longest, token.length());
        }
        this.longestToken = longest;
    }

    /**
     * Fits a tokenizer on theta_r's training items of a corpus and checks that every forget token
     * occurs in that training data.
     *
     * @throws IllegalStateException if a forget token is not covered (a bug, not a data problem)
     */
    public static SubwordTokenizer fit(Corpus corpus, int vocabularySize) {
        SubwordTokenizer tokenizer = fit(corpus.thetaRTrainingItems(), vocabularySize);
        SortedSet<Integer> uncovered = TokenCoverage.uncoveredForgetTokens(tokenizer, corpus);
        uncovered.addAll(TokenCoverage.uncoveredForgetAnswerTokens(tokenizer, corpus));
        if (!uncovered.isEmpty()) {
            throw new IllegalStateException("forget tokens missing from theta_r's training data: "
                    + uncovered.stream().map(tokenizer::token).toList());
        }
        return tokenizer;
    }

    /** {@link #fit(Corpus, int)} with {@link #DEFAULT_VOCABULARY_SIZE}. */
    public static SubwordTokenizer fit(Corpus corpus) {
        return fit(corpus, DEFAULT_VOCABULARY_SIZE);
    }

    /**
     * Fits a tokenizer on training items (prompts and answers, encoded separately as models see them).
     *
     * @param vocabularySize the largest vocabulary wanted, special and byte tokens included; the result
     *                       is smaller when the data offers fewer useful subwords, and larger only when
     *                       the alphabet alone exceeds it
     */
    public static SubwordTokenizer fit(List<QaItem> training, int vocabularySize) {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a tokenizer on no training items");
        }
        Map<String, Long> pieceCounts = new HashMap<>();
        Set<String> answerPieces = new HashSet<>();
        TreeSet<Integer> alphabet = new TreeSet<>();
        for (QaItem item : training) {
            for (String piece : PreTokenizer.pieces(item.prompt())) {
                pieceCounts.merge(piece, 1L, Long::sum);
            }
            for (String piece : PreTokenizer.pieces(item.answer())) {
                pieceCounts.merge(piece, 1L, Long::sum);
                answerPieces.add(piece);
            }
            item.prompt().codePoints().forEach(alphabet::add);
            item.answer().codePoints().forEach(alphabet::add);
        }
        List<String> alphabetTokens = alphabet.stream().map(Character::toString).toList();
        int budget = vocabularySize - FIRST_TEXT_ID - alphabetTokens.size();
        if (budget <= 0) {
            return new SubwordTokenizer(alphabetTokens);
        }
        List<String> candidates = BytePairMerges.learn(pieceCounts, new ArrayList<>(alphabet), 3 * budget + 256);

        int take = Math.min(budget, candidates.size());
        List<String> kept = keepUsed(alphabetTokens, candidates.subList(0, take), answerPieces);
        while (kept.size() < budget && take < candidates.size()) {
            take = Math.min(candidates.size(), take + (budget - kept.size()));
            kept = keepUsed(alphabetTokens, candidates.subList(0, take), answerPieces);
        }
        while (kept.size() > budget) {
            kept = keepUsed(alphabetTokens, kept.subList(0, budget), answerPieces);
        }
        List<String> vocabulary = new ArrayList<>(alphabetTokens);
        vocabulary.addAll(kept);
        return new SubwordTokenizer(vocabulary);
    }

    /** The subwords of {@code subwords} that the greedy encoding of the answer pieces uses, in order. */
    private static List<String> keepUsed(List<String> alphabet, List<String> subwords, Set<String> answerPieces) {
        List<String> vocabulary = new ArrayList<>(alphabet);
        vocabulary.addAll(subwords);
        SubwordTokenizer trial = new SubwordTokenizer(vocabulary);
        Set<Integer> used = new HashSet<>();
        for (String piece : answerPieces) {
            trial.encodePiece(piece, used::add);
        }
        List<String> kept = new ArrayList<>();
        for (String subword : subwords) {
            if (used.contains(trial.ids.get(subword))) {
                kept.add(subword);
            }
        }
        return kept;
    }

    @Override
    public int vocabularySize() {
        return FIRST_TEXT_ID + tokens.size();
    }

    @Override
    public int[] encode(String text) {
        IntBuffer out = new IntBuffer(text.length());
        for (String piece : PreTokenizer.pieces(text)) {
            encodePiece(piece, out::add);
        }
        return out.toArray();
    }

    private void encodePiece(String piece, IntConsumer out) {
        int n = piece.length();
        int i = 0;
        while (i < n) {
            int codePointLength = Character.charCount(piece.codePointAt(i));
            int matched = 0;
            for (int length = Math.min(longestToken, n - i); length >= codePointLength; length--) {
                if (length < n - i && Character.isLowSurrogate(piece.charAt(i + length))) {
                    continue;
                }
                Integer id = ids.get(piece.substring(i, i + length));
                if (id != null) {
                    out.accept(id);
                    matched = length;
                    break;
                }
            }
            if (matched == 0) {
                for (byte b : piece.substring(i, i + codePointLength).getBytes(StandardCharsets.UTF_8)) {
                    out.accept(BYTE_OFFSET + (b & 0xff));
                }
                matched = codePointLength;
            }
            i += matched;
        }
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= vocabularySize()) {
                throw new IllegalArgumentException("token id " + id + " outside [0, " + vocabularySize() + ")");
            }
            if (id >= BYTE_OFFSET && id < FIRST_TEXT_ID) {
                bytes.write(id - BYTE_OFFSET);
                continue;
            }
            flush(bytes, text);
            if (id >= FIRST_TEXT_ID) {
                text.append(tokens.get(id - FIRST_TEXT_ID));
            }
        }
        flush(bytes, text);
        return text.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder text) {
        if (bytes.size() > 0) {
            text.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
        }
    }

    /** A readable form of one token: its text, {@code <0xAB>} for a byte, or the special's name. */
    public String token(int id) {
        if (id < 0 || id >= vocabularySize()) {
            throw new IllegalArgumentException("token id " + id + " outside [0, " + vocabularySize() + ")");
        }
        if (id < BYTE_OFFSET) {
            return SPECIALS.get(id);
        }
        if (id < FIRST_TEXT_ID) {
            return String.format("<0x%02X>", id - BYTE_OFFSET);
        }
        return tokens.get(id - FIRST_TEXT_ID);
    }

    /** Whether an id is one of the 256 byte-fallback tokens. */
    public boolean isByteFallback(int id) {
        return id >= BYTE_OFFSET && id < FIRST_TEXT_ID;
    }

    @Override
    public int padId() {
        return 0;
    }

    @Override
    public int bosId() {
        return 1;
    }

    @Override
    public int eosId() {
        return 2;
    }

    /** The saved form: UTF-8 JSON, identical bytes for identical tokenizers. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.setPrettyPrinter(printer);
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeArrayFieldStart("special_tokens");
            for (String special : SPECIALS) {
                json.writeString(special);
            }
            json.writeEndArray();
            json.writeNumberField("byte_fallback_tokens", 256);
            json.writeArrayFieldStart("tokens");
            for (String token : tokens) {
                json.writeString(token);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    public void write(Path file) {
        try {
            Files.write(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer to " + file, e);
        }
    }

    /** Reads a tokenizer saved by {@link #write(Path)}. */
    public static SubwordTokenizer read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read tokenizer " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(file + ": not a tokenizer file (format is not " + FORMAT + ")");
        }
        List<String> specials = new ArrayList<>();
        root.path("special_tokens").forEach(node -> specials.add(node.asText()));
        if (!specials.equals(SPECIALS) || root.path("byte_fallback_tokens").asInt() != 256) {
            throw new IllegalArgumentException(file + ": unsupported special or byte-fallback tokens");
        }
        JsonNode list = root.path("tokens");
        if (!list.isArray()) {
            throw new IllegalArgumentException(file + ": field 'tokens' is not a list");
        }
        List<String> tokens = new ArrayList<>(list.size());
        for (JsonNode node : list) {
            if (!node.isTextual()) {
                throw new IllegalArgumentException(file + ": token " + tokens.size() + " is not a string");
            }
            tokens.add(node.textValue());
        }
        try {
            return new SubwordTokenizer(tokens);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static final class IntBuffer {
        private int[] values;
        private int size;

        IntBuffer(int capacity) {
            values = new int[Math.max(4, capacity)];
        }

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
