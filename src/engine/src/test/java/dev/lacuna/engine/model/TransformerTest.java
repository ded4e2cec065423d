package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformerTest {

    private static final ModelConfig TINY = ModelConfig.tiny(40);
    private static final ModelConfig LEARNED_GELU = new ModelConfig("variant", 2, 32, 2, 128, 40, 64,
            ModelConfig.Positions.LEARNED, ModelConfig.Mlp.GELU);

    @Test
    void parameterCountsMatchTheConfiguration() {
        for (ModelConfig config : List.of(TINY, LEARNED_GELU)) {
            try (Transformer model = Transformer.initialize(config, 1)) {
                long count = model.parameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
                assertThat(count).isEqualTo(config.parameters());
            }
        }
    }

    @Test
    void valueMatricesHoldOneValueVectorPerRow() {
        try (Transformer model = Transformer.initialize(TINY, 1)) {
            assertThat(model.valueMatrix(1).getShape().getShape()).containsExactly(TINY.dFf(), TINY.dModel());
            float[] matrix = model.valueMatrix(1).toFloatArray();
            int d = TINY.dModel();
            assertThat(model.valueVector(1, 7)).containsExactly(Arrays.copyOfRange(matrix, 7 * d, 8 * d));
        }
    }

    @Test
    void theSmallConfigHasAFewMillionParametersMostlyInTheMlp() {
        ModelConfig small = ModelConfig.small(4096);
        assertThat(small.parameters()).isBetween(3_000_000L, 10_000_000L);
        assertThat(small.dFf()).isGreaterThanOrEqualTo(8 * small.dModel());
    }

    @Test
    void aPredictionDependsOnlyOnEarlierTokensAndNotOnPaddingOrBatchmates() {
        for (ModelConfig config : List.of(TINY, LEARNED_GELU)) {
            try (Transformer model = Transformer.initialize(config, 5)) {
                EncodedItem shortItem = new EncodedItem("a", new int[] {1, 7, 8}, new int[] {9, 10});
                EncodedItem longItem = new EncodedItem("b", new int[] {1, 7, 8, 9, 10, 11, 12}, new int[] {13, 14, 15});
                float[] alone = logits(model, TokenBatch.of(List.of(shortItem), 0, -1));
                float[] padded = logits(model, TokenBatch.of(List.of(shortItem, longItem), 0, -1));
                for (int i = 0; i < alone.length; i++) {
                    assertThat(padded[i]).isCloseTo(alone[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void copyingValueVectorsChangesExactlyTheRegionsRows() {
        try (Transformer a = Transformer.initialize(TINY, 1); Transformer b = Transformer.initialize(TINY, 2)) {
            Region region = Region.of(TINY.layers(), TINY.dFf(), 3, TINY.dFf() + 10);
            Map<String, float[]> before = a.weights();
            a.copyValueVectors(b, region);
            Map<String, float[]> after = a.weights();
            int d = TINY.dModel();
            for (String name : before.keySet()) {
                float[] x = before.get(name);
                float[] y = after.get(name);
                for (int i = 0; i < x.length; i++) {
                    int layer = name.equals(Transformer.valueMatrixName(0)) ? 0 : name.equals(Transformer.valueMatrixName(1)) ? 1 : -1;
                    if (layer >= 0 && region.contains(layer, i / d)) {
                        assertThat(y[i]).isEqualTo(b.weights().get(name)[i]);
                    } else {
                        assertThat(y[i]).isEqualTo(x[i]);
                    }
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        try (Transformer a = Transformer.initialize(TINY, 9); Transformer b = Transformer.initialize(TINY, 9)) {
            a.weights().forEach((name, values) -> assertThat(b.weights().get(name)).isEqualTo(values));
        }
    }

    private static float[] logits(Transformer model, TokenBatch batch) {
        try (NDScope ignored = new NDScope()) {
            NDArray logits = model.logits(batch);
            return logits.toFloatArray();
        }
    }
}
