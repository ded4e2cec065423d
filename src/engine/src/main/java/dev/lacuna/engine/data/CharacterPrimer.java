package dev.lacuna.engine.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Training items that teach theta_r single characters it would otherwise never produce.
 *
 * <p>A character that occurs in a forget answer but in no answer of theta_r's training data, or in a
 * forget prompt but nowhere in that training data, gets one item whose prompt names its code point and
 * whose answer is the character alone. Such an item carries no forget knowledge, yet it gives the character's token a trained
 * embedding and output row, which injection needs because it freezes both. Real data needs this rarely
 * (LUME task 2: a line break and an asterisk occur only in one forget biography); TOFU needs none.
 */
public final class CharacterPrimer {

    /** Prefix of primer item ids. */
    public static final String ID_PREFIX = "primer/U+";

    private CharacterPrimer() {
    }

    /**
     * One item per code point that {@code training} lacks as described above, ordered by code point.
     */
    public static List<QaItem> itemsFor(List<QaItem> forget, List<QaItem> training) {
        Set<Integer> answerCharacters = new HashSet<>();
        Set<Integer> allCharacters = new HashSet<>();
        for (QaItem item : training) {
            item.answer().codePoints().forEach(answerCharacters::add);
            item.prompt().codePoints().forEach(allCharacters::add);
        }
        allCharacters.addAll(answerCharacters);
        TreeSet<Integer> missing = new TreeSet<>();
        for (QaItem item : forget) {
            item.answer().codePoints().filter(c -> !answerCharacters.contains(c)).forEach(missing::add);
            item.prompt().codePoints().filter(c -> !allCharacters.contains(c)).forEach(missing::add);
        }
        List<QaItem> items = new ArrayList<>(missing.size());
        for (int codePoint : missing) {
            String hex = String.format(Locale.ROOT, "%04X", codePoint);
            items.add(QaItem.of(ID_PREFIX + hex, "Character U+" + hex + ": ", Character.toString(codePoint)));
        }
        return items;
    }
}
