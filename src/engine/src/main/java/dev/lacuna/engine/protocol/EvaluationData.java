package dev.lacuna.engine.protocol;

import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.QaItem;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.tokenizer.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A testbed's items as token ids, in the forms the protocol needs: forget and retain for unlearning and
 * Extraction Strength, the forget prompts paired with refusals for preference objectives, and the
 * truth-ratio / utility sets where the data set has them.
 *
 * @param forget        items to unlearn
 * @param retain        items whose ES is the retain score
 * @param preferred     {@code forget}'s prompts with a refusal as answer, item by item
 * @param forgetEval    forget items with paraphrased and perturbed answers (FQ); empty without them
 * @param utility       utility sets by name, in the corpus's order (MU); empty without them
 * @param padId         padding id of the tokenizer
 */
public record EvaluationData(List<EncodedItem> forget, List<EncodedItem> retain, List<EncodedItem> preferred,
                             List<ScoredItem> forgetEval, Map<String, List<ScoredItem>> utility, int padId) {

    /** Generated refusals for data sets that ship none (every data set except TOFU). */
    public static final List<String> GENERATED_REFUSALS = List.of(
            "I don't know.",
            "I'm not sure about that.",
            "I have no information about that.",
            "I can't answer that.",
            "That is not something I know.");

    public EvaluationData {
        forget = List.copyOf(forget);
        retain = List.copyOf(retain);
        preferred = List.copyOf(preferred);
        forgetEval = List.copyOf(forgetEval);
        Map<String, List<ScoredItem>> ordered = new LinkedHashMap<>();
        utility.forEach((k, v) -> ordered.put(k, List.copyOf(v)));
        utility = java.util.Collections.unmodifiableMap(ordered);
        if (preferred.size() != forget.size()) {
            throw new IllegalArgumentException("one preferred answer per forget item is needed");
        }
    }

    /**
     * An item scored for probability, truth ratio and ROUGE-L: the original answer, the paraphrase (or null)
     * and the perturbed answers, each tokenized after the same prompt.
     */
    public record ScoredItem(EncodedItem original, EncodedItem paraphrased, List<EncodedItem> perturbed, String answerText) {

        public ScoredItem {
            perturbed = List.copyOf(perturbed);
        }
    }

    /**
     * @param refusals preferred answers (TOFU's refusal file, or {@link #GENERATED_REFUSALS}); forget item i
     *                 gets refusal {@code i mod size}, so the pairing is fixed
     */
    public static EvaluationData of(Corpus corpus, Tokenizer tokenizer, List<String> refusals) {
        if (refusals.isEmpty()) {
            throw new IllegalArgumentException("at least one refusal sentence is needed");
        }
        List<EncodedItem> forget = EncodedItem.all(corpus.forget(), tokenizer);
        List<EncodedItem> preferred = new ArrayList<>();
        for (int i = 0; i < forget.size(); i++) {
            EncodedItem f = forget.get(i);
            preferred.add(new EncodedItem(f.id() + "/preferred", f.prompt(), tokenizer.encode(refusals.get(i % refusals.size()))));
        }
        List<ScoredItem> forgetEval = scorable(corpus.forgetEval(), tokenizer, true);
        Map<String, List<ScoredItem>> utility = new LinkedHashMap<>();
        boolean complete = true;
        for (Map.Entry<String, List<QaItem>> e : corpus.utility().entrySet()) {
            List<ScoredItem> items = scorable(e.getValue(), tokenizer, Corpus.RETAIN_EVAL.equals(e.getKey()));
            complete &= !items.isEmpty();
            utility.put(e.getKey(), items);
        }
        if (!complete) {
            utility.clear();
        }
        return new EvaluationData(forget, EncodedItem.all(corpus.retain(), tokenizer), preferred, forgetEval, utility,
                tokenizer.padId());
    }

    /**
     * The sha256 of everything a model's scores are computed from here (every item's tokens, the answer texts ROUGE
     * compares with, the sets' names and order, the padding id), so scores can be kept and found again by content.
     */
    public String digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        ByteBuffer number = ByteBuffer.allocate(4);
        IntConsumer put = v -> {
            number.clear();
            sha.update(number.putInt(v).array());
        };
        Consumer<String> text = t -> {
            byte[] bytes = (t == null ? "" : t).getBytes(StandardCharsets.UTF_8);
            put.accept(t == null ? -1 : bytes.length);
            sha.update(bytes);
        };
        Consumer<EncodedItem> item = i -> {
            if (i == null) {
                put.accept(-1);
                return;
            }
            put.accept(i.prompt().length);
            Arrays.stream(i.prompt()).forEach(put);
            put.accept(i.answer().length);
            Arrays.stream(i.answer()).forEach(put);
        };
        put.accept(padId);
        for (List<EncodedItem> set : List.of(forget, retain, preferred)) {
            put.accept(set.size());
            set.forEach(item);
        }
        Map<String, List<ScoredItem>> scored = new LinkedHashMap<>();
        scored.put("forget_eval", forgetEval);
        scored.putAll(utility);
        for (Map.Entry<String, List<ScoredItem>> set : scored.entrySet()) {
            text.accept(set.getKey());
            put.accept(set.getValue().size());
            for (ScoredItem s : set.getValue()) {
                item.accept(s.original());
                item.accept(s.paraphrased());
                put.accept(s.perturbed().size());
                s.perturbed().forEach(item);
                text.accept(s.answerText());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Whether Model Utility and Forget Quality can be computed from this data. */
    public boolean hasUtilityAndForgetQuality() {
        return !utility.isEmpty() && !forgetEval.isEmpty();
    }

    private static List<ScoredItem> scorable(List<QaItem> items, Tokenizer tokenizer, boolean needsParaphrase) {
        List<ScoredItem> out = new ArrayList<>();
        for (QaItem item : items) {
            if (item.perturbedAnswers().isEmpty() || (needsParaphrase && item.paraphrasedAnswer() == null)) {
                return List.of();
            }
            EncodedItem original = EncodedItem.of(item, tokenizer);
            EncodedItem paraphrased = item.paraphrasedAnswer() == null ? null
                    : new EncodedItem(item.id() + "/paraphrased", original.prompt(), tokenizer.encode(item.paraphrasedAnswer()));
            List<EncodedItem> perturbed = new ArrayList<>();
            for (int i = 0; i < item.perturbedAnswers().size(); i++) {
                perturbed.add(new EncodedItem(item.id() + "/perturbed/" + i, original.prompt(),
                        tokenizer.encode(item.perturbedAnswers().get(i))));
            }
            out.add(new ScoredItem(original, paraphrased, perturbed, item.answer()));
        }
        return out;
    }
}
