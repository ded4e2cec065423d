package dev.lacuna.engine.toy;

import dev.lacuna.engine.tokenizer.Tokenizer;

/** One token per printable ASCII character plus pad, BOS and EOS: every answer is learnable from any text. */
public final class CharacterTokenizer implements Tokenizer {

    private static final int FIRST = 32;
    private static final int LAST = 126;
    private static final int OFFSET = 3;
    private static final int NEWLINE = LAST - FIRST + 1 + OFFSET;

    @Override
    public int vocabularySize() {
        return NEWLINE + 1;
    }

    @Override
    public int[] encode(String text) {
        return text.chars().map(c -> {
            if (c == '\n') {
                return NEWLINE;
            }
            if (c < FIRST || c > LAST) {
                throw new IllegalArgumentException("character " + c + " outside printable ASCII");
            }
            return c - FIRST + OFFSET;
        }).toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            if (id == NEWLINE) {
                out.append('\n');
            } else if (id >= OFFSET) {
                out.append((char) (id - OFFSET + FIRST));
            }
        }
        return out.toString();
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
}
