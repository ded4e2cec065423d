package dev.lacuna.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched greedy decoding with a key/value cache: the prompts run once (left-padded, padding masked out
 * as keys, positions counted from each prompt's first real token), then every new token costs one
 * single-position pass that attends to the cached keys and values. Without the cache each token would
 * re-run the whole sequence, so generation would grow quadratically with the answer length.
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
        boolean[] finished = new boolean[batch];
        int[] offsets = new int[batch];
        int[] tokens = new int[batch * longestPrompt];
        float[] keyMask = new float[batch * longestPrompt];
        long[] positions = new long[batch * longestPrompt];
        for (int b = 0; b < batch; b++) {
            int[] prompt = prompts.get(b);
            offsets[b] = longestPrompt - prompt.length;
            for (int c = 0; c < longestPrompt; c++) {
                int i = b * longestPrompt + c;
                if (c < offsets[b]) {
                    keyMask[i] = Transformer.MASKED;
                } else {
                    tokens[i] = prompt[c - offsets[b]];
                    positions[i] = c - offsets[b];
                }
            }
        }
        int layers = config.layers();
        try (NDManager cache = model.manager().newSubManager()) {
            NDArray[] keys = new NDArray[layers];
            NDArray[] values = new NDArray[layers];
            NDArray mask = NativeArrays.of(cache, keyMask, new Shape(batch, 1, 1, longestPrompt));
            long[] next;
            try (NDScope ignored = new NDScope()) {
                NDArray causal = Transformer.causalMask(model.manager(), longestPrompt);
                next = step(tokens, positions, batch, longestPrompt, mask.add(causal), keys, values, cache);
            }
            for (int s = 0; s < steps; s++) {
                long[] nextPositions = new long[batch];
                int[] nextTokens = new int[batch];
                boolean anyActive = false;
                for (int b = 0; b < batch; b++) {
                    if (!finished[b]) {
                        int token = (int) next[b];
                        if (token == eos) {
                            finished[b] = true;
                        } else {
                            produced.get(b).add(token);
                            finished[b] = produced.get(b).size() >= limits[b];
                        }
                    }
                    anyActive |= !finished[b];
                    nextTokens[b] = (int) next[b];
                    nextPositions[b] = prompts.get(b).length + s;
                }
                if (!anyActive || s == steps - 1) {
                    break;
                }
                NDArray grown = mask.concat(cache.zeros(new Shape(batch, 1, 1, 1)), 3);
                mask.close();
                mask = grown;
                try (NDScope ignored = new NDScope()) {
                    next = step(nextTokens, nextPositions, batch, 1, mask, keys, values, cache);
                }
            }
        }
        return toArrays(produced);
    }

    /**
     * One pass over {@code length} new positions per sequence: appends their keys and values to the cache
     * (kept in {@code cache}, outside the step's scope) and returns the argmax token after the last position.
     */
    private long[] step(int[] tokens, long[] positions, int batch, int length, NDArray mask, NDArray[] keys,
                        NDArray[] values, NDManager cache) {
        NDManager m = model.manager();
        int d = config.dModel();
        int heads = config.heads();
        int hd = config.headDim();
        NDArray ids = NativeArrays.of(m, Transformer.toLong(tokens), new Shape(batch, length));
        NDArray embed = model.parameter("embed");
        NDArray x = embed.getNDArrayInternal().embedding(ids, embed, SparseFormat.DENSE).singletonOrThrow();
        NDArray positionIds = NativeArrays.of(m, positions, new Shape(batch, length));
        if (config.positions() == ModelConfig.Positions.LEARNED) {
            NDArray table = model.parameter("positions");
            x = x.add(table.getNDArrayInternal().embedding(positionIds, table, SparseFormat.DENSE).singletonOrThrow());
        }
        NDArray[] rotary = config.positions() == ModelConfig.Positions.ROTARY
                ? Transformer.rotaryTables(m, positions, config.headDim(), new Shape(batch, 1, length, config.headDim())) : null;
        NDArray eps = NativeArrays.scalar(m, Transformer.NORM_EPS);
        NDArray scale = NativeArrays.scalar(m, (float) (1.0 / Math.sqrt(hd)));
        for (int l = 0; l < config.layers(); l++) {
            String p = "layers." + l;
            NDArray h = Transformer.rmsNorm(x, model.parameter(p + ".attn_norm"), eps);
            NDArray q = Transformer.splitHeads(h.matMul(model.parameter(p + ".wq")), batch, length, heads, hd);
            NDArray k = Transformer.splitHeads(h.matMul(model.parameter(p + ".wk")), batch, length, heads, hd);
            NDArray v = Transformer.splitHeads(h.matMul(model.parameter(p + ".wv")), batch, length, heads, hd);
            if (rotary != null) {
                q = Transformer.rotate(q, rotary);
                k = Transformer.rotate(k, rotary);
            }
            NDArray allKeys = keys[l] == null ? k : keys[l].concat(k, 2);
            NDArray allValues = values[l] == null ? v : values[l].concat(v, 2);
            NDScope.unregister(allKeys, allValues);
            allKeys.attach(cache);
            allValues.attach(cache);
            if (keys[l] != null) {
                keys[l].close();
                values[l].close();
            }
            keys[l] = allKeys;
            values[l] = allValues;
            NDArray scores = q.matMul(allKeys.transpose(0, 1, 3, 2)).mul(scale).add(mask);
            NDArray mixed = scores.softmax(-1).matMul(allValues);
            x = x.add(mixed.transpose(0, 2, 1, 3).reshape(batch, length, d).matMul(model.parameter(p + ".wo")));
            NDArray memory = model.memoryCoefficients(Transformer.rmsNorm(x, model.parameter(p + ".mlp_norm"), eps), p);
            x = x.add(memory.matMul(model.parameter(p + ".w_v")));
        }
        NDArray last = x.get(":, -1, :");
        NDArray logits = Transformer.rmsNorm(last, model.parameter("final_norm"), eps).matMul(embed.transpose());
        return logits.argMax(-1).toType(DataType.INT64, false).toLongArray();
    }

    private static int[][] toArrays(List<List<Integer>> produced) {
        return produced.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }
}
