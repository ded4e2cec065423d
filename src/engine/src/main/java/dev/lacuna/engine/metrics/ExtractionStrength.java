package dev.lacuna.engine.metrics;

import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import java.util.Arrays;
import java.util.List;

/**
 * Extraction Strength, {@code ES = 1 - k* / n}: how much of an answer greedy decoding reproduces given the
 * prompt and the shortest possible prefix of the answer. Because greedy decoding that stays on the
 * reference is exactly teacher forcing, one batched forward pass gives k* for every item: it is one past
 * the last answer position whose argmax prediction is wrong. {@link #byGreedyDecoding} does it the slow,
 * literal way and exists to check that equivalence.
 */
public final class ExtractionStrength {

    private ExtractionStrength() {
    }

    /**
     * ES from teacher-forced argmax predictions: {@code predicted[t]} is the argmax after the prompt and
     * {@code answer[0..t)}.
     */
    public static double fromPredictions(int[] predicted, int[] answer) {
        if (predicted.length != answer.length || answer.length == 0) {
            throw new IllegalArgumentException("need one prediction per answer token, and at least one token");
        }
        int kStar = 0;
        for (int t = answer.length - 1; t >= 0; t--) {
            if (predicted[t] != answer[t]) {
                kStar = t + 1;
                break;
            }
        }
        return 1.0 - (double) kStar / answer.length;
    }

    /** ES of every item from one teacher-forced forward pass over all of them (EOS is not scored). */
    public static double[] of(Transformer model, List<EncodedItem> items, int padId) {
        if (items.isEmpty()) {
            return new double[0];
        }
        TokenBatch batch = TokenBatch.of(items, padId, -1);
        int[] predicted = model.predictions(batch);
        double[] es = new double[items.size()];
        int offset = 0;
        for (int i = 0; i < items.size(); i++) {
            int n = items.get(i).answer().length;
            es[i] = fromPredictions(Arrays.copyOfRange(predicted, offset, offset + n), items.get(i).answer());
            offset += n;
        }
        return es;
    }

    /** Like {@link #of(Transformer, List, int)} but in passes of at most {@code batchSize} items, to bound memory. */
    public static double[] of(Transformer model, List<EncodedItem> items, int padId, int batchSize) {
        double[] es = new double[items.size()];
        for (int start = 0; start < items.size(); start += batchSize) {
            int end = Math.min(items.size(), start + batchSize);
            System.arraycopy(of(model, items.subList(start, end), padId), 0, es, start, end - start);
        }
        return es;
    }

    /**
     * ES by its definition: the smallest k such that greedy decoding from the prompt and {@code answer[0..k)}
     * reproduces {@code answer[k..n)}, one generated token per forward pass.
     */
    public static double byGreedyDecoding(Transformer model, EncodedItem item) {
        int[] answer = item.answer();
        int n = answer.length;
        for (int k = 0; k < n; k++) {
            int[] prefix = new int[item.prompt().length + k];
            System.arraycopy(item.prompt(), 0, prefix, 0, item.prompt().length);
            System.arraycopy(answer, 0, prefix, item.prompt().length, k);
            if (Arrays.equals(model.greedy(prefix, n - k), Arrays.copyOfRange(answer, k, n))) {
                return 1.0 - (double) k / n;
            }
        }
        return 0.0;
    }

    public static double mean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("mean of no values");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
