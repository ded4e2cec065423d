package dev.lacuna.engine.tokenizer;

/**
 * Turns text into token ids and back. Models trained from scratch use a tokenizer fitted on the
 * testbed's corpus and saved with the testbed; pretrained checkpoints bring their own.
 */
public interface Tokenizer {

    /** Number of distinct token ids, special tokens included; ids lie in {@code [0, vocabularySize)}. */
    int vocabularySize();

    /** Token ids of a text, without special tokens. */
    int[] encode(String text);

    /** The text of a sequence of ids; special tokens are dropped. */
    String decode(int[] ids);

    /** Padding id; never predicted and masked out of every loss. */
    int padId();

    /** Beginning-of-sequence id, prepended to every prompt. */
    int bosId();

    /** End-of-sequence id, appended after every answer. */
    int eosId();
}
