package dev.lacuna.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lacuna.engine.metrics.ExtractionStrength;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a model over QA items to get the raw numbers the metrics are computed from: Extraction Strength
 * from one teacher-forced batched pass, and per-token answer losses for probabilities and truth ratios.
 * {@link #extractionStrengthByGreedyDecoding} does ES the slow, literal way and exists to check that the
 * one-pass shortcut is exact.
 */
public final class ModelScorer {

    private ModelScorer() {
    }

    /** ES of every item from one teacher-forced forward pass over all of them (EOS is not scored). */
    public static double[] extractionStrengths(Transformer model, List<EncodedItem> items, int padId) {
        if (items.isEmpty()) {
            return new double[0];
        }
        return perItemEs(items, model.predictions(TokenBatch.of(items, padId, -1)));
    }

    /** ES of each item from the argmax predictions at the batch's scored positions, in item order. */
    private static double[] perItemEs(List<EncodedItem> items, int[] predicted) {
        double[] es = new double[items.size()];
        int offset = 0;
        for (int i = 0; i < items.size(); i++) {
            int n = items.get(i).answer().length;
            es[i] = ExtractionStrength.fromPredictions(Arrays.copyOfRange(predicted, offset, offset + n), items.get(i).answer());
            offset += n;
        }
        return es;
    }

    /**
     * Like {@link #extractionStrengths(Transformer, List, int)} in passes of at most {@code batchSize} items
     * of similar length (sorted by sequence length), which bounds memory and keeps padding small: one batch
     * of 256 unsorted TOFU items pads every sequence to the longest and ran about ten times slower.
     */
    public static double[] extractionStrengths(Transformer model, List<EncodedItem> items, int padId, int batchSize) {
        Integer[] order = new Integer[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, java.util.Comparator.comparingInt(i -> items.get(i).prompt().length + items.get(i).answer().length));
        double[] es = new double[items.size()];
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            List<EncodedItem> batch = new java.util.ArrayList<>();
            for (int k = start; k < end; k++) {
                batch.add(items.get(order[k]));
            }
            double[] part = extractionStrengths(model, batch, padId);
            for (int k = start; k < end; k++) {
                es[order[k]] = part[k - start];
            }
        }
        return es;
    }

    /** Mean ES over the items, in passes of at most {@code batchSize} items. */
    public static double meanExtractionStrength(Transformer model, List<EncodedItem> items, int padId, int batchSize) {
        return ExtractionStrength.mean(extractionStrengths(model, items, padId, batchSize));
    }

    /**
     * ES by its definition: the smallest k such that greedy decoding from the prompt and {@code answer[0..k)}
     * reproduces {@code answer[k..n)}, one generated token per forward pass.
     */
    public static double extractionStrengthByGreedyDecoding(Transformer model, EncodedItem item) {
        int[] answer = item.answer();
        int n = answer.length;
        for (int k = 0; k < n; k++) {
            int[] prefix = Arrays.copyOf(item.prompt(), item.prompt().length + k);
            System.arraycopy(answer, 0, prefix, item.prompt().length, k);
            if (Arrays.equals(model.greedy(prefix, n - k), Arrays.copyOfRange(answer, k, n))) {
                return 1.0 - (double) k / n;
            }
        }
        return 0.0;
    }

    /**
     * Negative log-likelihood of each answer token (no EOS) under teacher forcing, per item: the input of
     * {@link dev.lacuna.engine.metrics.AnswerProbability#fromTokenLosses}.
     */
    public static double[][] answerTokenLosses(Transformer model, List<EncodedItem> items, int padId) {
        if (items.isEmpty()) {
            return new double[0][];
        }
        TokenBatch batch = TokenBatch.of(items, padId, -1);
        float[] nll;
        try (NDScope ignored = new NDScope()) {
            nll = targetLosses(model.logits(batch), batch);
        }
        return perItem(items, nll);
    }

    /**
     * Extraction Strength and answer token losses of each item, both from one teacher-forced pass: the ES pass of
     * a scoring already computes the logits the likelihood of the same sequences needs, so items scored for both
     * (TOFU's forget and retain originals) are run once. The losses are the floats
     * {@link #answerTokenLosses} gives: an item's logits do not depend on what else is in its batch (as long as the
     * output head runs on at least four positions: {@link SharedPromptScorer#MIN_ROWS}).
     */
    public static PassScores scoresWithLosses(Transformer model, List<EncodedItem> items, int padId) {
        if (items.isEmpty()) {
            return new PassScores(new double[0], new double[0][]);
        }
        TokenBatch batch = TokenBatch.of(items, padId, -1);
        float[] nll;
        int[] predicted;
        try (NDScope ignored = new NDScope()) {
            NDArray logits = model.logits(batch);
            predicted = logits.argMax(-1).toType(DataType.INT32, false).toIntArray();
            nll = targetLosses(logits, batch);
        }
        return new PassScores(perItemEs(items, predicted), perItem(items, nll));
    }

    /**
     * One pass's numbers per item, in item order.
     *
     * @param extractionStrengths ES of each item
     * @param tokenLosses         negative log-likelihood of each answer token, per item
     */
    public record PassScores(double[] extractionStrengths, double[][] tokenLosses) {
    }

    /** -log p(target) at each scored position. */
    private static float[] targetLosses(NDArray logits, TokenBatch batch) {
        long[] targets = Arrays.stream(batch.targets()).asLongStream().toArray();
        NDArray index = NativeArrays.of(logits.getManager(), targets, new Shape(targets.length, 1));
        return logits.logSoftmax(-1).gather(index.toType(DataType.INT64, false), 1).neg().toFloatArray();
    }

    private static double[][] perItem(List<EncodedItem> items, float[] nll) {
        double[][] out = new double[items.size()][];
        int offset = 0;
        for (int i = 0; i < items.size(); i++) {
            int n = items.get(i).answer().length;
            out[i] = new double[n];
            for (int j = 0; j < n; j++) {
                out[i][j] = nll[offset + j];
            }
            offset += n;
        }
        return out;
    }
}
