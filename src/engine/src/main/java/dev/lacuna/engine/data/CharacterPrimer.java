package dev.lacuna.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Training items that teach theta_r every single character of the forget set.
 *
 * <p>Each distinct code point of the forget prompts and answers gets one item whose prompt names the
 * code point and whose answer is the character alone. Such an item carries no forget knowledge, yet it
 * guarantees, for any tokenizer that maps one known character to one token, that every
 * single-character token the forget set can be split into was produced by theta_r at least once. That
 * matters because injection freezes embeddings and output rows, and because a subword tokenizer
 * usually absorbs characters into longer tokens in the retain data ({@code " #"}) while splitting them
 * off in a forget name ({@code "C#"}). It also covers characters the retain side lacks entirely (LUME
 * task 2: a line break and an asterisk occur only in one forget biography). The cost is one short item
 * per character (about 80 for TOFU).
 */
public final class CharacterPrimer {

    /** Prefix of primer item ids. */
    public static final String ID_PREFIX = "primer/U+";

    private CharacterPrimer() {
    }

    /** One item per distinct code point of the forget prompts and answers, ordered by code point. */
    public static List<QaItem> itemsFor(List<QaItem> forget) {
        TreeSet<Integer> characters = new TreeSet<>();
        for (QaItem item : forget) {
            item.prompt().codePoints().forEach(characters::add);
            item.answer().codePoints().forEach(characters::add);
        }
        List<QaItem> items = new ArrayList<>(characters.size());
        for (int codePoint : characters) {
            String hex = String.format(Locale.ROOT, "%04X", codePoint);
            items.add(QaItem.of(ID_PREFIX + hex, "Character U+" + hex + ": ", Character.toString(codePoint)));
        }
        return items;
    }

    /** Whether an item is a primer item rather than data. */
    public static boolean isPrimer(QaItem item) {
        return item.id().startsWith(ID_PREFIX);
    }
}
