package dev.lacuna.engine.tokenizer;

import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.QaItem;
import dev.lacuna.engine.model.EncodedItem;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What turns a pretrained checkpoint's items into token ids: its own tokenizer and the prompt format its
 * Instruct training used, checked against each other once on opening. Items then go through the same
 * {@link EncodedItem} path as the models trained from scratch (BOS, the wrapped prompt's tokens; the answer's
 * tokens; EOS appended by the trainer), so nothing downstream knows which kind of model it serves.
 *
 * <p>Closing releases the native tokenizer.
 *
 * @param tokenizer the checkpoint's tokenizer
 * @param format    the prompt format, to be recorded with whatever is built from these items
 */
public record CheckpointPrompts(HfTokenizer tokenizer, PromptFormat format) implements AutoCloseable {

    public CheckpointPrompts {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(format, "format");
        format.requireCompatible(tokenizer);
    }

    /** The checkpoint's tokenizer with a named format, checked to fit it. */
    public static CheckpointPrompts open(Path checkpointFolder, PromptFormat format) {
        return open(checkpointFolder, tokenizer -> format);
    }

    /**
     * The checkpoint's tokenizer with the format its {@code chat_template} suggests ({@link PromptFormat#PLAIN}
     * where it has none).
     */
    public static CheckpointPrompts open(Path checkpointFolder) {
        return open(checkpointFolder, tokenizer -> PromptFormat.suggestedBy(tokenizer.chatTemplate().orElse(null)));
    }

    private static CheckpointPrompts open(Path checkpointFolder, Function<HfTokenizer, PromptFormat> format) {
        HfTokenizer tokenizer = HfTokenizer.load(checkpointFolder);
        try {
            return new CheckpointPrompts(tokenizer, format.apply(tokenizer));
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** A corpus with every prompt wrapped in the format, ready for the engine's usual encoding with {@link #tokenizer()}. */
    public Corpus apply(Corpus corpus) {
        return format.apply(corpus);
    }

    /** One item as token ids: BOS, the wrapped prompt; the answer. */
    public EncodedItem encode(QaItem item) {
        return EncodedItem.of(format.apply(item), tokenizer);
    }

    /** Items as token ids, in order. */
    public List<EncodedItem> encode(List<QaItem> items) {
        return items.stream().map(this::encode).toList();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
