package dev.lacuna.engine.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a testbed is built and scored from, independent of where it came from (files or the
 * synthetic generator).
 *
 * <p>theta_r, the gold-standard model that never saw the forget set, is trained on
 * {@link #thetaRTrainingItems()}: the retain items, every utility item (a model trained from scratch
 * has no other source for the utility knowledge that Model Utility measures) and the
 * {@linkplain CharacterPrimer character primer}, one single-character item per character of the forget
 * set. The primer exists because injection freezes embeddings and output rows: a token that theta_r
 * never produced could not be produced by the injected region at all.
 *
 * @param kind       the data set this corpus comes from
 * @param forget     the items injected into the region and later unlearned
 * @param retain     the items theta_r learns; retain Extraction Strength is scored on them
 * @param forgetEval the forget items with paraphrased and perturbed answers (truth ratio, Forget
 *                   Quality); equal to {@code forget} where the forget items carry them already, empty
 *                   where the data set has none
 * @param utility    named utility sets in a fixed order; {@value #RETAIN_EVAL} is scored with the retain
 *                   conventions (mean probability, truth ratio against the paraphrased answer), every
 *                   other set with the real-authors / world-facts conventions (probability normalised
 *                   over the perturbed answers, truth ratio against the original answer)
 */
public record Corpus(DataSetKind kind, List<QaItem> forget, List<QaItem> retain, List<QaItem> forgetEval,
                     Map<String, List<QaItem>> utility) {

    /** Utility set drawn from the retain side and scored like the retain set. */
    public static final String RETAIN_EVAL = "retain_eval";

    public Corpus {
        Objects.requireNonNull(kind, "kind");
        forget = List.copyOf(forget);
        retain = List.copyOf(retain);
        forgetEval = List.copyOf(forgetEval);
        Map<String, List<QaItem>> ordered = new LinkedHashMap<>();
        utility.forEach((name, items) -> ordered.put(name, List.copyOf(items)));
        utility = Collections.unmodifiableMap(ordered);
    }

    /**
     * Every item theta_r is trained on, in a fixed order: retain, then each utility set, then the
     * character primer; an item whose prompt and answer already occurred earlier is listed once.
     */
    public List<QaItem> thetaRTrainingItems() {
        List<QaItem> items = new ArrayList<>();
        Set<List<String>> seen = new LinkedHashSet<>();
        for (QaItem item : retain) {
            if (seen.add(List.of(item.prompt(), item.answer()))) {
                items.add(item);
            }
        }
        for (List<QaItem> set : utility.values()) {
            for (QaItem item : set) {
                if (seen.add(List.of(item.prompt(), item.answer()))) {
                    items.add(item);
                }
            }
        }
        items.addAll(CharacterPrimer.itemsFor(forget));
        return items;
    }

    /** The full text (prompt followed by answer) of every item theta_r is trained on. */
    public List<String> thetaRTrainingTexts() {
        return thetaRTrainingItems().stream().map(item -> item.prompt() + item.answer()).toList();
    }

    /** Total number of items across the utility sets. */
    public int utilitySize() {
        return utility.values().stream().mapToInt(List::size).sum();
    }
}
