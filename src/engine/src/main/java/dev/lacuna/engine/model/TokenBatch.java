package dev.lacuna.engine.model;

import java.util.Arrays;
import java.util.List;

/**
 * Right-padded sequences plus the flat positions whose next-token prediction is scored. With right
 * padding a causal mask alone keeps padding out of every scored position, so no key mask is needed.
 *
 * @param batch           number of sequences
 * @param length          padded length T
 * @param tokens          {@code batch * length} ids, row-major
 * @param scoredPositions flat positions {@code b * T + t} whose prediction is scored, in item order
 * @param targets         the token expected at each scored position's next step
 * @param answerLengths   scored positions per item, in item order
 */
public record TokenBatch(int batch, int length, int[] tokens, long[] scoredPositions, int[] targets, int[] answerLengths) {

    /**
     * Prompt plus answer for each item; the answer's tokens are the targets, followed by EOS as the last
     * target when {@code eosId >= 0} (EOS is only ever predicted, never fed).
     */
    public static TokenBatch of(List<EncodedItem> items, int padId, int eosId) {
        boolean withEos = eosId >= 0;
        int length = 0;
        int scored = 0;
        for (EncodedItem item : items) {
            length = Math.max(length, item.prompt().length + item.answer().length);
            scored += item.answer().length + (withEos ? 1 : 0);
        }
        int[] tokens = new int[items.size() * length];
        Arrays.fill(tokens, padId);
        long[] positions = new long[scored];
        int[] targets = new int[scored];
        int[] answerLengths = new int[items.size()];
        int s = 0;
        for (int b = 0; b < items.size(); b++) {
            EncodedItem item = items.get(b);
            int p = item.prompt().length;
            int n = item.answer().length;
            System.arraycopy(item.prompt(), 0, tokens, b * length, p);
            System.arraycopy(item.answer(), 0, tokens, b * length + p, n);
            int scoredHere = n + (withEos ? 1 : 0);
            for (int j = 0; j < scoredHere; j++) {
                positions[s] = (long) b * length + p - 1 + j;
                targets[s] = j < n ? item.answer()[j] : eosId;
                s++;
            }
            answerLengths[b] = scoredHere;
        }
        return new TokenBatch(items.size(), length, tokens, positions, targets, answerLengths);
    }

    /** One unpadded sequence scored only at its last position: the input of one greedy step. */
    public static TokenBatch lastPosition(int[] sequence) {
        return new TokenBatch(1, sequence.length, sequence.clone(), new long[] {sequence.length - 1}, new int[] {-1},
                new int[] {1});
    }

    /** Tokens in the batch including padding: the work a forward pass does. */
    public long paddedTokens() {
        return (long) batch * length;
    }
}
