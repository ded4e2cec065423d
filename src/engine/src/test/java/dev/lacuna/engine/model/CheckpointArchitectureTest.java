package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What checkpoints add to the transformer: the parameters each architecture has, the forward pass against a plain
 * double-precision one written from the Hugging Face definitions, grouped-query attention against full multi-head
 * attention with shared weights, and Llama 3's rotary frequencies against numbers worked out by hand.
 */
class CheckpointArchitectureTest {

    private static final ModelConfig LLAMA = CheckpointLikeModels.LLAMA;
    private static final ModelConfig OLMO = CheckpointLikeModels.OLMO;

    @Test
    void eachArchitectureHasItsOwnParametersInTheContractsOrder() {
        Map<String, Shape> llama = Transformer.shapes(LLAMA);
        assertThat(llama.keySet()).startsWith("embed", "layers.0.attn_norm", "layers.0.wq", "layers.0.wk", "layers.0.wv",
                "layers.0.wo", "layers.0.mlp_norm", "layers.0.w_gate", "layers.0.w_up", "layers.0.w_v", "layers.1.attn_norm");
        assertThat(llama.keySet()).endsWith("final_norm", "lm_head");
        assertThat(llama.get("layers.0.wq")).isEqualTo(new Shape(48, 64));
        assertThat(llama.get("layers.0.wk")).isEqualTo(new Shape(48, 32));
        assertThat(llama.get("layers.0.wv")).isEqualTo(new Shape(48, 32));
        assertThat(llama.get("layers.0.wo")).isEqualTo(new Shape(64, 48));
        assertThat(llama.get("lm_head")).isEqualTo(new Shape(CheckpointLikeModels.VOCAB, 48));

        Map<String, Shape> olmo = Transformer.shapes(OLMO);
        assertThat(olmo.keySet()).startsWith("embed", "layers.0.wq", "layers.0.wk", "layers.0.wv", "layers.0.wo",
                "layers.0.q_norm", "layers.0.k_norm", "layers.0.attn_post_norm", "layers.0.w_gate", "layers.0.w_up",
                "layers.0.w_v", "layers.0.mlp_post_norm", "layers.1.wq");
        assertThat(olmo.keySet()).endsWith("layers.1.mlp_post_norm", "final_norm");
        assertThat(olmo.keySet()).doesNotContain("layers.0.attn_norm", "layers.0.mlp_norm", "lm_head");
        assertThat(olmo.get("layers.0.q_norm")).isEqualTo(new Shape(32));
        assertThat(olmo.get("layers.0.k_norm")).isEqualTo(new Shape(16));

        for (ModelConfig config : List.of(LLAMA, OLMO)) {
            try (Transformer model = Transformer.initialize(config, 3)) {
                long count = model.parameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
                assertThat(count).as(config.name()).isEqualTo(config.parameters());
                model.parameters().forEach((name, p) -> {
                    if (name.endsWith("norm")) {
                        assertThat(p.toFloatArray()).as(name).containsOnly(1f);
                    }
                });
            }
        }
    }

    /**
     * Tolerance: the model computes in float32, the reference in double. Each logit passes two layers of sums over at
     * most 96 terms of order one; float32 rounding (6e-8 relative) accumulates to about 1e-5, so 1e-4 relative to
     * the logit's size leaves room and still catches any misplaced norm, head or frequency (those move logits by 0.1
     * and more).
     */
    @Test
    void logitsMatchAPlainDoublePrecisionPassOfTheHuggingFaceDefinitions() {
        int[] tokens = {3, 17, 42, 8, 8, 29, 1, 45, 12, 33, 7, 20, 40, 2, 19, 26, 11, 36, 5, 48};
        for (ModelConfig config : List.of(LLAMA, OLMO)) {
            Map<String, float[]> weights = CheckpointLikeModels.weights(config, 21);
            double[][] expected = CheckpointLikeModels.reference(config, weights, tokens);
            float[] logits = allLogits(Transformer.fromWeights(config, weights, Device.cpu()), tokens);
            double spread = 0;
            for (int p = 0; p < tokens.length; p++) {
                for (int v = 0; v < config.vocab(); v++) {
                    double e = expected[p][v];
                    spread = Math.max(spread, Math.abs(e));
                    assertThat((double) logits[p * config.vocab() + v]).as("%s position %d token %d", config.name(), p, v)
                            .isCloseTo(e, within(1e-4 * Math.max(1, Math.abs(e))));
                }
            }
            // the weights give logits of order one and more, so the tolerance is small against them
            assertThat(spread).as(config.name()).isGreaterThan(1.0);
        }
    }

    @Test
    void groupedQueryAttentionEqualsMultiHeadAttentionWithEachKeyValueHeadCopiedToItsQueryHeads() {
        int[] tokens = {5, 9, 14, 2, 31, 44, 6, 18, 27, 3, 39, 11};
        for (ModelConfig grouped : List.of(LLAMA, OLMO)) {
            ModelConfig.Architecture a = grouped.arch();
            assertThat(a.kvHeads() * 2).isEqualTo(grouped.heads());
            ModelConfig full = new ModelConfig(grouped.name() + "-mha", grouped.layers(), grouped.dModel(), grouped.heads(),
                    grouped.dFf(), grouped.vocab(), grouped.context(), grouped.positions(), grouped.mlp(),
                    new ModelConfig.Architecture(grouped.heads(), a.headDim(), a.normEps(), a.ropeTheta(), a.ropeScaling(),
                            a.tiedEmbeddings(), a.norms(), a.qkNorm()));
            Map<String, float[]> weights = CheckpointLikeModels.weights(grouped, 8);
            Map<String, float[]> copied = new LinkedHashMap<>(weights);
            int hd = a.headDim();
            for (int l = 0; l < grouped.layers(); l++) {
                String p = "layers." + l + ".";
                copied.put(p + "wk", columnsPerQueryHead(weights.get(p + "wk"), grouped.dModel(), a.kvHeads(), 2, hd));
                copied.put(p + "wv", columnsPerQueryHead(weights.get(p + "wv"), grouped.dModel(), a.kvHeads(), 2, hd));
                if (a.qkNorm()) {
                    // the norm of a key projection whose heads all appear twice has the same mean square
                    copied.put(p + "k_norm", columnsPerQueryHead(weights.get(p + "k_norm"), 1, a.kvHeads(), 2, hd));
                }
            }
            float[] groupedLogits = allLogits(Transformer.fromWeights(grouped, weights, Device.cpu()), tokens);
            float[] fullLogits = allLogits(Transformer.fromWeights(full, copied, Device.cpu()), tokens);
            for (int i = 0; i < fullLogits.length; i++) {
                assertThat(groupedLogits[i]).as("%s logit %d", grouped.name(), i)
                        .isCloseTo(fullLogits[i], within(1e-5f * Math.max(1, Math.abs(fullLogits[i]))));
            }
        }
    }

    /**
     * Hand-worked Llama 3 scaling, head width 8, base 500000, factor 8, low 1, high 4, original context 16: the
     * bands are wavelengths below 16 / 4 = 4 (kept), above 16 / 1 = 16 (divided by 8), and between (blended). The
     * unscaled inverse frequencies are 500000^(-i/4) = 1, 0.0376060, 0.00141421, 0.0000531829, of wavelengths 6.283,
     * 167.08, 4442.9, 118143. The first is between 4 and 16: s = (16 / 6.2832 - 1) / 3 = 0.515493, and
     * (1 - s) / 8 + s = 0.576056; the others are divided by 8. With original context 200 (bands at 50 and 200) the
     * first is kept, the second (167.08) blended with s = (200 / 167.08 - 1) / 3 = 0.065679, that is multiplied by
     * (1 - s) / 8 + s = 0.182469.
     */
    @Test
    void llama3ScalingKeepsBlendsAndDividesInverseFrequenciesByWavelength() {
        double[] sixteen = Transformer.inverseFrequencies(8, 500_000, new ModelConfig.RopeScaling(8, 1, 4, 16));
        assertThat(sixteen[0]).isCloseTo(0.576056, within(1e-6));
        assertThat(sixteen[1]).isCloseTo(0.0376060 / 8, within(1e-7));
        assertThat(sixteen[2]).isCloseTo(0.00141421 / 8, within(1e-8));
        assertThat(sixteen[3]).isCloseTo(0.0000531829 / 8, within(1e-10));

        double[] twoHundred = Transformer.inverseFrequencies(8, 500_000, new ModelConfig.RopeScaling(8, 1, 4, 200));
        assertThat(twoHundred[0]).isEqualTo(1.0);
        assertThat(twoHundred[1]).isCloseTo(0.0376060 * 0.182469, within(1e-7));
        assertThat(twoHundred[2]).isCloseTo(0.00141421 / 8, within(1e-8));

        double[] unscaled = Transformer.inverseFrequencies(8, 500_000, null);
        assertThat(unscaled).containsExactly(new double[] {1, 0.0376060, 0.00141421, 0.0000531829}, within(1e-7));
        for (ModelConfig.RopeScaling s : List.of(new ModelConfig.RopeScaling(8, 1, 4, 16), new ModelConfig.RopeScaling(8, 1, 4, 200),
                new ModelConfig.RopeScaling(32, 1, 4, 8192))) {
            assertThat(Transformer.inverseFrequencies(64, 500_000, s))
                    .containsExactly(CheckpointLikeModels.referenceInverseFrequencies(64, 500_000, s), within(1e-15));
        }
    }

    @Test
    void theRotaryTableRotatesEachPositionByItsScaledFrequencies() {
        long[] positions = {0, 1, 7, 63};
        int hd = LLAMA.headDim();
        double[] inv = Transformer.inverseFrequencies(hd, LLAMA.arch().ropeTheta(), LLAMA.arch().ropeScaling());
        try (Transformer model = Transformer.initialize(LLAMA, 1); NDScope ignored = new NDScope()) {
            var tables = Transformer.rotaryTables(model.manager(), positions, LLAMA, new Shape(positions.length, hd));
            float[] cos = tables[0].toFloatArray();
            float[] sin = tables[1].toFloatArray();
            for (int p = 0; p < positions.length; p++) {
                for (int i = 0; i < hd; i++) {
                    double angle = positions[p] * inv[i % (hd / 2)];
                    assertThat((double) cos[p * hd + i]).isCloseTo(Math.cos(angle), within(1e-6));
                    assertThat((double) sin[p * hd + i]).isCloseTo(Math.sin(angle), within(1e-6));
                }
            }
        }
    }

    @Test
    void weightsOfAnotherArchitectureAreRefusedByName() {
        Map<String, float[]> llama = CheckpointLikeModels.weights(LLAMA, 1);
        Map<String, float[]> tied = new LinkedHashMap<>(llama);
        tied.remove("lm_head");
        assertThatThrownBy(() -> Transformer.fromWeights(LLAMA, tied, Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lm_head");
        Map<String, float[]> fullKeys = new LinkedHashMap<>(llama);
        fullKeys.put("layers.0.wk", new float[48 * 64]);
        assertThatThrownBy(() -> Transformer.fromWeights(LLAMA, fullKeys, Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers.0.wk");
    }

    /**
     * A key/value matrix {@code (rows, kvHeads * hd)} widened to {@code (rows, kvHeads * group * hd)}: key/value
     * head {@code j} becomes query heads {@code j * group .. (j + 1) * group - 1}.
     */
    private static float[] columnsPerQueryHead(float[] m, int rows, int kvHeads, int group, int hd) {
        int in = kvHeads * hd;
        int out = in * group;
        float[] wide = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int head = 0; head < kvHeads * group; head++) {
                System.arraycopy(m, r * in + (head / group) * hd, wide, r * out + head * hd, hd);
            }
        }
        return wide;
    }

    /** Logits {@code (tokens, vocab)} of every position, flat; closes the model. */
    private static float[] allLogits(Transformer model, int[] tokens) {
        long[] scored = new long[tokens.length];
        for (int i = 0; i < scored.length; i++) {
            scored[i] = i;
        }
        TokenBatch batch = new TokenBatch(1, tokens.length, tokens, scored, new int[tokens.length], new int[] {tokens.length});
        try (model; NDScope ignored = new NDScope()) {
            return model.logits(batch).toFloatArray();
        }
    }
}
