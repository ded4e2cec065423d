package dev.lacuna.engine.model;

import dev.lacuna.engine.data.QaItem;
import dev.lacuna.engine.tokenizer.Tokenizer;
import java.util.List;

/**
 * A QA item as token ids, split where scoring starts: losses and metrics look only at {@code answer}.
 *
 * @param id     the item's id
 * @param prompt BOS followed by the prompt's tokens
 * @param answer the answer's tokens, without EOS
 */
public record EncodedItem(String id, int[] prompt, int[] answer) {

    public EncodedItem {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("item " + id + " has an empty prompt; it needs at least BOS");
        }
        if (answer.length == 0) {
            throw new IllegalArgumentException("item " + id + " has an empty answer");
        }
    }

    public static EncodedItem of(QaItem item, Tokenizer tokenizer) {
        int[] text = tokenizer.encode(item.prompt());
        int[] prompt = new int[text.length + 1];
        prompt[0] = tokenizer.bosId();
        System.arraycopy(text, 0, prompt, 1, text.length);
        return new EncodedItem(item.id(), prompt, tokenizer.encode(item.answer()));
    }

    public static List<EncodedItem> all(List<QaItem> items, Tokenizer tokenizer) {
        return items.stream().map(i -> of(i, tokenizer)).toList();
    }
}
