package dev.lacuna.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Answer token losses of many answers to few prompts, with each distinct prompt run once. TOFU scores every
 * question with seven answers (original, paraphrased, five perturbed); teacher forcing them one sequence each
 * re-runs the question's prompt seven times, and prompts are more than a third of those tokens. Here a prompt
 * pass keeps each layer's keys and values of its prompts, and the answers then run alone, attending to their
 * prompt's keys and values laid out in front of their own, exactly where the whole sequence would hold them.
 *
 * <p>The answers to one prompt often begin alike (TOFU's perturbed answers keep the original's opening words, "The
 * author's full name is ..."): about a fifth of the paraphrased and perturbed answer tokens of TOFU's forget and
 * retain sets are such a shared beginning. Their longest common beginning, the <em>stem</em>, runs once with the
 * prompt as its <em>context</em>, and only the rest of each answer runs in the answer passes.
 *
 * <p>The losses are the floats {@link ModelScorer#answerTokenLosses} gives for the same items: each position's
 * computation sees the same operands in the same order as in the whole sequence (keys of the prompt, then of the
 * answer, then masked padding, whose weights are exactly zero), and, as the ES pass already relies on, a row's
 * numbers do not depend on the other rows or the padding of its batch. The tests check this bit for bit. On longer
 * sequences a batch padded to another length can move a row's last bits on some CPUs (62 of TOFU's 6,468 variants
 * on tofu/small, up to a few float ulps of a token loss: docs/benchmarks.md), which no published metric shows beyond
 * 1e-11.
 */
public final class SharedPromptScorer {

    /** Contexts per context pass, and answers per answer pass: the batch size scoring uses elsewhere. */
    static final int BATCH = 32;

    /**
     * Fewest rows any matrix product here gets. libtorch's CPU matrix product computes a row with other roundings
     * when the product has at most three rows (measured: rows of 1, 2 or 3-row products differ in the last bit
     * from the same rows in 4- to 2000-row products, which all agree). A whole sequence's products have many rows,
     * so short answers and small chunks are padded up to this many rows and the padding dropped.
     */
    static final int MIN_ROWS = 4;

    private SharedPromptScorer() {
    }

    /**
     * Negative log-likelihood of each answer token (no EOS) under teacher forcing, per item, in item order: the
     * same numbers as {@link ModelScorer#answerTokenLosses(Transformer, List, int)}.
     */
    public static double[][] answerTokenLosses(Transformer model, List<EncodedItem> items, int padId) {
        return answerTokenLosses(model, items, padId, pass -> { });
    }

    /**
     * The shape of one forward pass this scorer ran: what its cost is counted from.
     *
     * @param batch   rows of the pass
     * @param queries positions computed per row (prompt tokens, or fed answer tokens), padded
     * @param keys    positions each query attends over, padded
     * @param scored  positions the output head ran on
     */
    public record PassShape(int batch, int queries, int keys, long scored) {
    }

    /** As {@link #answerTokenLosses(Transformer, List, int)}, telling {@code passes} the shape of every pass run. */
    public static double[][] answerTokenLosses(Transformer model, List<EncodedItem> items, int padId,
                                               Consumer<PassShape> passes) {
        double[][] out = new double[items.size()][];
        Map<String, List<Integer>> byPrompt = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).prompt().length == 0) {
                throw new IllegalArgumentException("item " + items.get(i).id() + " has an empty prompt");
            }
            byPrompt.computeIfAbsent(Arrays.toString(items.get(i).prompt()), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>(byPrompt.values());
        int[] stems = new int[items.size()];
        for (List<Integer> group : groups) {
            int stem = stemLength(group.stream().map(i -> items.get(i).answer()).toList());
            group.forEach(i -> stems[i] = stem);
        }
        groups.sort(Comparator.comparingInt(g -> items.get(g.get(0)).prompt().length + stems[g.get(0)]));
        for (int start = 0; start < groups.size(); start += BATCH) {
            List<List<Integer>> chunk = groups.subList(start, Math.min(groups.size(), start + BATCH));
            scoreChunk(model, items, chunk, stems, padId, out, passes);
        }
        return out;
    }

    /**
     * The longest beginning all the answers share, short of each answer's last token: every answer keeps at least
     * one token of its own, predicted by the context's last position. A prompt with a single answer gets all of it
     * but its last token (the answer pass then has nothing to feed: its whole sequence ran as the context).
     */
    static int stemLength(List<int[]> answers) {
        int stem = answers.stream().mapToInt(a -> a.length - 1).min().orElseThrow();
        int[] first = answers.get(0);
        for (int[] answer : answers) {
            int k = 0;
            while (k < stem && answer[k] == first[k]) {
                k++;
            }
            stem = k;
        }
        return stem;
    }

    /** One context pass over the chunk's prompts and stems, then answer passes over the rest of every answer. */
    private static void scoreChunk(Transformer model, List<EncodedItem> items, List<List<Integer>> chunk, int[] stems,
                                   int padId, double[][] out, Consumer<PassShape> passes) {
        try (NDScope ignored = new NDScope()) {
            List<EncodedItem> firsts = chunk.stream().map(g -> items.get(g.get(0))).toList();
            int[] stemOf = chunk.stream().mapToInt(g -> stems[g.get(0)]).toArray();
            PromptCache cache = contextPass(model, firsts, stemOf, padId);
            passes.accept(new PassShape(chunk.size(), cache.longest(), cache.longest(),
                    Math.max(MIN_ROWS, chunk.size() + Arrays.stream(stemOf).sum())));
            // answers sorted by the length they still feed, each remembering its context's row in the cache
            List<int[]> answers = new ArrayList<>();
            for (int g = 0; g < chunk.size(); g++) {
                for (int item : chunk.get(g)) {
                    answers.add(new int[] {item, g});
                }
            }
            answers.sort(Comparator.comparingInt(a -> items.get(a[0]).answer().length - stemOf[a[1]]));
            for (int start = 0; start < answers.size(); start += BATCH) {
                List<int[]> slice = answers.subList(start, Math.min(answers.size(), start + BATCH));
                try (NDScope inner = new NDScope()) {
                    passes.accept(answerPass(model, items, slice, cache, padId, out));
                }
            }
        }
    }

    /**
     * Keys and values of every layer for a batch of right-padded contexts (prompt and stem),
     * {@code (B, kvHeads, longest, headDim)}; the logits after each context's last token (the prediction of each
     * answer's first token after the stem); and the losses of the stem tokens, which all answers of the row share.
     */
    private record PromptCache(int[] lengths, int longest, NDArray[] keys, NDArray[] values, NDArray lastLogits,
                               float[][] stemLosses) {
    }

    private static PromptCache contextPass(Transformer model, List<EncodedItem> firsts, int[] stems, int padId) {
        ModelConfig c = model.config();
        NDManager m = model.manager();
        int b = firsts.size();
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            lengths[i] = firsts.get(i).prompt().length + stems[i];
        }
        int t = Math.max(MIN_ROWS, Arrays.stream(lengths).max().orElseThrow());
        int[] tokens = new int[b * t];
        Arrays.fill(tokens, padId);
        long[][] positions = new long[b][t];
        // head rows: each row's stem predictions (the positions before each stem token), then its last position
        int stemRows = Arrays.stream(stems).sum();
        long[] headRows = new long[stemRows + b];
        int[] stemTargets = new int[stemRows];
        for (int i = 0, at = 0; i < b; i++) {
            int[] p = firsts.get(i).prompt();
            System.arraycopy(p, 0, tokens, i * t, p.length);
            System.arraycopy(firsts.get(i).answer(), 0, tokens, i * t + p.length, stems[i]);
            for (int j = 0; j < stems[i]; j++, at++) {
                headRows[at] = (long) i * t + p.length - 1 + j;
                stemTargets[at] = firsts.get(i).answer()[j];
            }
            headRows[stemRows + i] = (long) i * t + lengths[i] - 1;
            for (int j = 0; j < t; j++) {
                positions[i][j] = j;
            }
        }
        NDArray[] keys = new NDArray[c.layers()];
        NDArray[] values = new NDArray[c.layers()];
        NDArray x = model.layers(tokens, b, t, flat(positions), Transformer.causalMask(m, t).reshape(1, 1, t, t),
                (l, k, v) -> {
                    keys[l] = k;
                    values[l] = v;
                    return new NDArray[] {k, v};
                });
        NDArray logits = logitsAt(model, x, b * t, headRows);
        float[][] stemLosses = new float[b][];
        float[] flatStemLosses = stemRows == 0 ? new float[0] : targetLosses(logits.get("0:" + stemRows), stemTargets);
        for (int i = 0, at = 0; i < b; i++) {
            stemLosses[i] = Arrays.copyOfRange(flatStemLosses, at, at + stems[i]);
            at += stems[i];
        }
        return new PromptCache(lengths, t, keys, values, logits.get(stemRows + ":"), stemLosses);
    }

    /**
     * One pass over answers of cached contexts. Row r feeds its answer after the stem ({@code S_r} tokens) but the
     * last token, at positions {@code P_r + S_r ..}; its keys and values are its context's cached ones followed by
     * its own, so the first {@code P_r + L_r} keys are those of the whole sequence, in the same places.
     */
    private static PassShape answerPass(Transformer model, List<EncodedItem> items, List<int[]> slice, PromptCache cache,
                                        int padId, double[][] out) {
        ModelConfig c = model.config();
        NDManager m = model.manager();
        int b = slice.size();
        int[] fed = new int[b];
        int[] stem = new int[b];
        int[] promptLength = new int[b];
        int longestFed = 0;
        int keysLength = 0;
        for (int r = 0; r < b; r++) {
            EncodedItem item = items.get(slice.get(r)[0]);
            stem[r] = cache.stemLosses()[slice.get(r)[1]].length;
            fed[r] = item.answer().length - 1 - stem[r];
            promptLength[r] = cache.lengths()[slice.get(r)[1]];
            longestFed = Math.max(longestFed, fed[r]);
            keysLength = Math.max(keysLength, promptLength[r] + fed[r]);
        }
        keysLength = Math.max(MIN_ROWS, keysLength);
        // the first token after the stem is predicted by the context's last position: those logits come from its pass
        long[] promptRows = new long[b];
        for (int r = 0; r < b; r++) {
            promptRows[r] = slice.get(r)[1];
        }
        float[] firstLosses = targetLosses(cache.lastLogits().get(NativeArrays.of(m, promptRows, new Shape(b))),
                slice.stream().mapToInt(a -> items.get(a[0]).answer()[cache.stemLosses()[a[1]].length]).toArray());
        float[] restLosses = new float[0];
        PassShape shape = new PassShape(b, 0, 0, 0);
        if (longestFed > 0) {
            // padded query positions attend like real ones and are never read
            int t = Math.max(MIN_ROWS, longestFed);
            int[] tokens = new int[b * t];
            Arrays.fill(tokens, padId);
            long[][] positions = new long[b][t];
            float[] mask = new float[b * t * keysLength];
            long[] gather = new long[b * keysLength];
            int promptRowsTotal = cache.lengths().length * cache.longest();
            long zeroRow = promptRowsTotal + (long) b * t;
            List<Long> scored = new ArrayList<>();
            List<Integer> targets = new ArrayList<>();
            for (int r = 0; r < b; r++) {
                int[] answer = items.get(slice.get(r)[0]).answer();
                int p = promptLength[r];
                System.arraycopy(answer, stem[r], tokens, r * t, fed[r]);
                for (int j = 0; j < t; j++) {
                    positions[r][j] = p + j;
                    for (int k = p + j + 1; k < keysLength; k++) {
                        mask[(r * t + j) * keysLength + k] = Transformer.MASKED;
                    }
                }
                for (int k = 0; k < keysLength; k++) {
                    long row;
                    if (k < p) {
                        row = (long) slice.get(r)[1] * cache.longest() + k;
                    } else if (k < p + fed[r]) {
                        row = promptRowsTotal + (long) r * t + (k - p);
                    } else {
                        row = zeroRow;
                    }
                    gather[r * keysLength + k] = row;
                }
                for (int j = 0; j < fed[r]; j++) {
                    scored.add((long) r * t + j);
                    targets.add(answer[stem[r] + j + 1]);
                }
            }
            NDArray keyMask = NativeArrays.of(m, mask, new Shape(b, 1, t, keysLength));
            NDArray index = NativeArrays.of(m, gather, new Shape(gather.length));
            int kvHeads = c.kvHeads();
            int hd = c.headDim();
            int keysLengthFinal = keysLength;
            NDArray x = model.layers(tokens, b, t, flat(positions), keyMask, (l, k, v) -> new NDArray[] {
                    laidOut(cache.keys()[l], k, index, b, keysLengthFinal, kvHeads, hd),
                    laidOut(cache.values()[l], v, index, b, keysLengthFinal, kvHeads, hd)});
            NDArray logits = logitsAt(model, x, b * t, scored.stream().mapToLong(Long::longValue).toArray());
            restLosses = targetLosses(logits, targets.stream().mapToInt(Integer::intValue).toArray());
            shape = new PassShape(b, t, keysLength, Math.max(MIN_ROWS, scored.size()));
        }
        for (int r = 0, offset = 0; r < b; r++) {
            double[] losses = new double[stem[r] + 1 + fed[r]];
            float[] stemLosses = cache.stemLosses()[slice.get(r)[1]];
            for (int j = 0; j < stem[r]; j++) {
                losses[j] = stemLosses[j];
            }
            losses[stem[r]] = firstLosses[r];
            for (int j = 0; j < fed[r]; j++) {
                losses[stem[r] + 1 + j] = restLosses[offset + j];
            }
            offset += fed[r];
            out[slice.get(r)[0]] = losses;
        }
        return shape;
    }

    /**
     * Each row's keys (or values) as the whole sequence holds them: its prompt's cached ones, its own, then a zero
     * row as padding, gathered into {@code (B, kvHeads, keys, headDim)} (the layers share them among query heads).
     */
    private static NDArray laidOut(NDArray cached, NDArray own, NDArray index, int b, int keys, int heads, int hd) {
        NDArray promptRows = cached.transpose(0, 2, 1, 3).reshape(-1, (long) heads * hd);
        NDArray ownRows = own.transpose(0, 2, 1, 3).reshape(-1, (long) heads * hd);
        NDArray zero = own.getManager().zeros(new Shape(1, (long) heads * hd));
        NDArray all = promptRows.concat(ownRows, 0).concat(zero, 0);
        return all.get(index).reshape(b, keys, heads, hd).transpose(0, 2, 1, 3);
    }

    /**
     * Logits at the given flat positions of the final residual stream {@code (b, t, d)}; the output head runs on at
     * least {@value #MIN_ROWS} rows (the first position repeated) so that each row's logits are a long product's.
     */
    private static NDArray logitsAt(Transformer model, NDArray x, int rows, long[] positions) {
        NDManager m = model.manager();
        long[] padded = Arrays.copyOf(positions, Math.max(MIN_ROWS, positions.length));
        Arrays.fill(padded, positions.length, padded.length, positions[0]);
        NDArray selected = x.reshape(rows, model.config().dModel()).get(NativeArrays.of(m, padded, new Shape(padded.length)));
        NDArray logits = model.head(selected);
        return padded.length == positions.length ? logits : logits.get("0:" + positions.length);
    }

    private static long[] flat(long[][] positions) {
        return Arrays.stream(positions).flatMapToLong(Arrays::stream).toArray();
    }

    /** -log p(target) of each row, as {@link ModelScorer} computes it. */
    private static float[] targetLosses(NDArray logits, int[] targets) {
        long[] t = Arrays.stream(targets).asLongStream().toArray();
        NDArray index = NativeArrays.of(logits.getManager(), t, new Shape(t.length, 1));
        return logits.logSoftmax(-1).gather(index.toType(DataType.INT64, false), 1).neg().toFloatArray();
    }
}
