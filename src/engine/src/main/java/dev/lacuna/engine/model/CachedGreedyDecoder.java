package dev.lacuna.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched greedy decoding with a key/value cache: the prompts run once (left-padded, padding masked out
 * as keys, positions counted from each prompt's first real token), then every new token costs one
 * single-position pass that attends to the cached keys and values. Without the cache each token would
 * re-run the whole sequence, so generation would grow quadratically with the answer length.
 *
 * <p>The cache is allocated once for the longest possible sequence and each pass writes its keys and values
 * into it and attends to the filled part (a view), so no step copies the cache. Sequences that are done stop
 * costing passes: when at most half of the rows still generate, the cache keeps only those rows. A row's
 * numbers do not depend on the other rows of its batch, so the tokens are those of the full batch.
 */
final class CachedGreedyDecoder {

    private final Transformer model;
    private final ModelConfig config;

    CachedGreedyDecoder(Transformer model) {
        this.model = model;
        this.config = model.config();
    }

    /**
     * @param prompts prompt token ids, one array per sequence (at least one token each)
     * @param limits  most tokens to generate per sequence
     * @param eos     generation of a sequence stops at this id (not included in the output)
     */
    int[][] generate(List<int[]> prompts, int[] limits, int eos) {
        int batch = prompts.size();
        int longestPrompt = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        int steps = Arrays.stream(limits).max().orElse(0);
        steps = Math.min(steps, config.context() - longestPrompt);
        List<List<Integer>> produced = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            produced.add(new ArrayList<>());
        }
        if (steps <= 0) {
            return toArrays(produced);
        }
        int capacity = longestPrompt + steps;
        boolean[] finished = new boolean[batch];
        int[] tokens = new int[batch * longestPrompt];
        float[] keyMask = new float[batch * capacity];
        long[] positions = new long[batch * longestPrompt];
        for (int b = 0; b < batch; b++) {
            int[] prompt = prompts.get(b);
            int offset = longestPrompt - prompt.length;
            for (int c = 0; c < longestPrompt; c++) {
                int i = b * longestPrompt + c;
                if (c < offset) {
                    keyMask[b * capacity + c] = Transformer.MASKED;
                } else {
                    tokens[i] = prompt[c - offset];
                    positions[i] = c - offset;
                }
            }
        }
        int layers = config.layers();
        try (NDManager cache = model.manager().newSubManager()) {
            // grouped-query attention: the cache holds the key/value heads, which the layers share among query heads
            Shape cacheShape = new Shape(batch, config.kvHeads(), capacity, config.headDim());
            NDArray[] keys = new NDArray[layers];
            NDArray[] values = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                keys[l] = cache.zeros(cacheShape);
                values[l] = cache.zeros(cacheShape);
            }
            NDArray mask = NativeArrays.of(cache, keyMask, new Shape(batch, 1, 1, capacity));
            // rows[r]: the sequence that row r of the cache holds
            int[] rows = new int[batch];
            Arrays.setAll(rows, r -> r);
            long[] next;
            try (NDScope ignored = new NDScope()) {
                NDArray causal = Transformer.causalMask(model.manager(), longestPrompt);
                next = step(tokens, positions, batch, longestPrompt, 0, mask, causal, keys, values);
            }
            int filled = longestPrompt;
            for (int s = 0; s < steps; s++) {
                int active = 0;
                for (int r = 0; r < rows.length; r++) {
                    int b = rows[r];
                    if (!finished[b]) {
                        int token = (int) next[r];
                        if (token == eos) {
                            finished[b] = true;
                        } else {
                            produced.get(b).add(token);
                            finished[b] = produced.get(b).size() >= limits[b];
                        }
                    }
                    active += finished[b] ? 0 : 1;
                }
                if (active == 0 || s == steps - 1) {
                    break;
                }
                if (2 * active <= rows.length) {
                    int[] kept = new int[active];
                    long[] keptRows = new long[active];
                    for (int r = 0, k = 0; r < rows.length; r++) {
                        if (!finished[rows[r]]) {
                            kept[k] = rows[r];
                            keptRows[k++] = r;
                        }
                    }
                    NDArray index = NativeArrays.of(cache, keptRows, new Shape(active));
                    for (int l = 0; l < layers; l++) {
                        keys[l] = replace(keys[l], keys[l].get(index));
                        values[l] = replace(values[l], values[l].get(index));
                    }
                    mask = replace(mask, mask.get(index));
                    index.close();
                    long[] keptNext = new long[active];
                    for (int k = 0; k < active; k++) {
                        keptNext[k] = next[(int) keptRows[k]];
                    }
                    rows = kept;
                    next = keptNext;
                }
                long[] nextPositions = new long[rows.length];
                int[] nextTokens = new int[rows.length];
                for (int r = 0; r < rows.length; r++) {
                    nextTokens[r] = (int) next[r];
                    nextPositions[r] = prompts.get(rows[r]).length + s;
                }
                try (NDScope ignored = new NDScope()) {
                    next = step(nextTokens, nextPositions, rows.length, 1, filled, mask, null, keys, values);
                }
                filled++;
            }
        }
        return toArrays(produced);
    }

    /** {@code replacement} in place of {@code old}, which is closed; both belong to the decoder's cache manager. */
    private static NDArray replace(NDArray old, NDArray replacement) {
        old.close();
        return replacement;
    }

    /**
     * One pass over {@code length} new positions per sequence, which come after {@code filled} cached ones:
     * writes their keys and values into the cache and returns the argmax token after the last position.
     *
     * @param causal the causal mask among the new positions, or null for a single position
     */
    private long[] step(int[] tokens, long[] positions, int batch, int length, int filled, NDArray mask, NDArray causal,
                        NDArray[] keys, NDArray[] values) {
        int attended = filled + length;
        NDIndex written = new NDIndex(":, :, {}:{}", filled, attended);
        NDIndex cached = new NDIndex(":, :, :{}", attended);
        NDArray keyMask = mask.get(new NDIndex("..., :{}", attended));
        if (causal != null) {
            keyMask = keyMask.add(causal);
        }
        NDArray x = model.layers(tokens, batch, length, positions, keyMask, (l, k, v) -> {
            keys[l].set(written, k);
            values[l].set(written, v);
            return new NDArray[] {keys[l].get(cached), values[l].get(cached)};
        });
        NDArray logits = model.head(x.get(":, -1, :"));
        return logits.argMax(-1).toType(DataType.INT64, false).toLongArray();
    }

    private static int[][] toArrays(List<List<Integer>> produced) {
        return produced.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }
}
