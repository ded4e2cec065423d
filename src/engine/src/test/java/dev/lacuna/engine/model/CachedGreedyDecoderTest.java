package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The cached batched decoder produces exactly what plain greedy decoding (a full forward pass per token)
 * produces, for prompts of different lengths in one batch, with either position encoding and with what checkpoints
 * add (a cache of fewer key/value heads than query heads, post-norms, an untied head), and stops each sequence at EOS
 * or its limit.
 */
class CachedGreedyDecoderTest {

    private static final int VOCAB = 50;

    @Test
    void cachedBatchDecodingEqualsFullPassDecodingWithRotaryPositions() {
        ModelConfig tiny = ModelConfig.tiny(VOCAB);
        assertThat(tiny.positions()).isEqualTo(ModelConfig.Positions.ROTARY);
        checkAgainstFullPasses(Transformer.initialize(tiny, 5), 5);
    }

    @Test
    void cachedBatchDecodingEqualsFullPassDecodingWithLearnedPositions() {
        ModelConfig learned = new ModelConfig("learned", 2, 32, 4, 64, VOCAB, 64, ModelConfig.Positions.LEARNED,
                ModelConfig.Mlp.GELU);
        checkAgainstFullPasses(Transformer.initialize(learned, 6), 6);
    }

    @Test
    void cachedBatchDecodingEqualsFullPassDecodingWithGroupedQueryAttentionScaledRotaryAndAnUntiedHead() {
        checkAgainstFullPasses(CheckpointLikeModels.model(CheckpointLikeModels.LLAMA, 7), 7);
    }

    @Test
    void cachedBatchDecodingEqualsFullPassDecodingWithPostNormsAndQueryKeyNorms() {
        checkAgainstFullPasses(CheckpointLikeModels.model(CheckpointLikeModels.OLMO, 8), 8);
    }

    /** Checks {@code model} (closed afterwards) with prompts and limits drawn from {@code seed}. */
    private static void checkAgainstFullPasses(Transformer tested, long seed) {
        try (Transformer model = tested) {
            SplittableRandom random = new SplittableRandom(seed);
            List<int[]> prompts = new ArrayList<>();
            int[] limits = new int[6];
            for (int i = 0; i < limits.length; i++) {
                prompts.add(random.ints(1 + random.nextInt(9), 3, VOCAB).toArray());
                // limits spread so that rows finish at different steps and the decoder drops them from its cache
                limits[i] = 1 + i + random.nextInt(3);
            }
            int[][] plain = new int[prompts.size()][];
            for (int i = 0; i < plain.length; i++) {
                plain[i] = model.greedy(prompts.get(i), limits[i]);
            }
            // EOS: the third token plain decoding gives the first prompt, so at least one sequence stops early
            int eos = plain[0].length > 2 ? plain[0][2] : 2;
            int[][] cached = model.greedyBatch(prompts, limits, eos);
            for (int i = 0; i < plain.length; i++) {
                int[] expected = plain[i];
                for (int t = 0; t < expected.length; t++) {
                    if (expected[t] == eos) {
                        expected = Arrays.copyOf(expected, t);
                        break;
                    }
                }
                assertThat(cached[i]).as("sequence %d", i).isEqualTo(expected);
            }
        }
    }
}
