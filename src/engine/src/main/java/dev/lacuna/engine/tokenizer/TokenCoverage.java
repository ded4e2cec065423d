package dev.lacuna.engine.tokenizer;

import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.QaItem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Checks the testbed rule that every token of the forget set occurs in theta_r's training data.
 * Injection trains only value vectors; a token whose embedding and output row theta_r never trained
 * cannot be produced afterwards, which would cap the forget set's Extraction Strength for reasons that
 * have nothing to do with localization. Prompts and answers are encoded separately, as the models see
 * them.
 */
public final class TokenCoverage {

    private TokenCoverage() {
    }

    /** Token ids in the encoded forget prompts and answers that never occur in theta_r's encoded training items. */
    public static SortedSet<Integer> uncoveredForgetTokens(Tokenizer tokenizer, Corpus corpus) {
        Set<Integer> seen = new HashSet<>();
        List<QaItem> training = corpus.thetaRTrainingItems();
        for (QaItem item : training) {
            addAll(tokenizer.encode(item.prompt()), seen);
            addAll(tokenizer.encode(item.answer()), seen);
        }
        SortedSet<Integer> uncovered = new TreeSet<>();
        for (QaItem item : corpus.forget()) {
            addMissing(tokenizer.encode(item.prompt()), seen, uncovered);
            addMissing(tokenizer.encode(item.answer()), seen, uncovered);
        }
        return uncovered;
    }

    /**
     * Token ids in the encoded forget answers that never occur in an encoded answer of theta_r's
     * training items: the stricter form that matters when losses count answer tokens only.
     */
    public static SortedSet<Integer> uncoveredForgetAnswerTokens(Tokenizer tokenizer, Corpus corpus) {
        Set<Integer> seen = new HashSet<>();
        for (QaItem item : corpus.thetaRTrainingItems()) {
            addAll(tokenizer.encode(item.answer()), seen);
        }
        SortedSet<Integer> uncovered = new TreeSet<>();
        for (QaItem item : corpus.forget()) {
            addMissing(tokenizer.encode(item.answer()), seen, uncovered);
        }
        return uncovered;
    }

    private static void addAll(int[] ids, Set<Integer> into) {
        for (int id : ids) {
            into.add(id);
        }
    }

    private static void addMissing(int[] ids, Set<Integer> seen, Set<Integer> into) {
        for (int id : ids) {
            if (!seen.contains(id)) {
                into.add(id);
            }
        }
    }
}
