package dev.lacuna.engine.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.ModelScorer;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.toy.CharacterTokenizer;
import dev.lacuna.engine.toy.ToyPeople;
import dev.lacuna.engine.training.AdamWConfig;
import dev.lacuna.engine.training.Trainer;
import dev.lacuna.engine.training.TrainingConfig;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightQuantizationTest {

    private static final CharacterTokenizer TOKENIZER = new CharacterTokenizer();

    @Test
    void aHandComputedFourBitColumnRoundsToItsGridWithTiesToEven() {
        // one column, one group: max |w| = 7, so the scale is exactly 1 at 4 bits (levels -7..7)
        float[] column = {7f, -3.5f, 1f, 0.5f, 2.4f, -2.5f, -7f};
        float[] rounded = new WeightQuantization(4, 64).roundTrip(column, column.length, 1);
        assertThat(rounded).containsExactly(7f, -4f, 1f, 0f, 2f, -2f, -7f);
    }

    @Test
    void noWeightMovesByMoreThanHalfItsGroupsScaleAndEveryWeightIsAnIntegerLevelOfIt() {
        SplittableRandom random = new SplittableRandom(5);
        int rows = 64;
        int columns = 9;
        float[] w = new float[rows * columns];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * Math.exp(random.nextGaussian()));
        }
        for (int bits : new int[] {2, 4, 8, 16}) {
            for (int group : new int[] {1, 7, 32, 64, 1000}) {
                WeightQuantization quantization = new WeightQuantization(bits, group);
                float[] out = quantization.roundTrip(w, rows, columns);
                int q = quantization.maxLevel();
                for (int c = 0; c < columns; c++) {
                    for (int start = 0; start < rows; start += group) {
                        int end = Math.min(rows, start + group);
                        double max = 0;
                        for (int r = start; r < end; r++) {
                            max = Math.max(max, Math.abs(w[r * columns + c]));
                        }
                        double scale = max / q;
                        Set<Float> levels = new HashSet<>();
                        for (int r = start; r < end; r++) {
                            float before = w[r * columns + c];
                            float after = out[r * columns + c];
                            String at = "bits " + bits + " group " + group + " row " + r + " column " + c;
                            // the formula's bound s / 2, plus the rounding of s * level to a float
                            assertThat(Math.abs((double) after - before)).as(at).isLessThanOrEqualTo(scale / 2 + Math.ulp(after));
                            double level = after / scale;
                            // an integer up to the float rounding of s * level (relative 2^-24, twice for the division)
                            assertThat(Math.abs(level - Math.rint(level))).as(at).isLessThan(1e-9 + q * 2 * 0x1p-24);
                            assertThat(Math.abs(Math.rint(level))).as(at).isLessThanOrEqualTo(q);
                            levels.add(after);
                            if (Math.abs(before) == max) {
                                assertThat(Math.abs((double) after - before)).as("the group's largest weight, " + at)
                                        .isLessThanOrEqualTo(Math.ulp(before));
                            }
                        }
                        assertThat(levels.size()).isLessThanOrEqualTo(Math.min(end - start, 2 * q + 1));
                    }
                }
            }
        }
    }

    @Test
    void fewerBitsMoveWeightsFurtherAndZerosStayZero() {
        SplittableRandom random = new SplittableRandom(9);
        float[] w = new float[128 * 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = i < 128 ? 0f : (float) random.nextGaussian();
        }
        double previous = Double.MAX_VALUE;
        for (int bits : new int[] {2, 4, 8, 16}) {
            float[] out = new WeightQuantization(bits, 32).roundTrip(w, 128, 4);
            double error = 0;
            for (int i = 0; i < w.length; i++) {
                error += Math.abs(out[i] - w[i]);
                if (i < 128) {
                    assertThat(out[i]).isZero();
                }
            }
            assertThat(error).as(bits + " bits").isLessThan(previous);
            previous = error;
        }
        // 16 bits: each of the 384 weights within max|w| / (2 * 32767) of itself, max|w| below 5 here
        assertThat(previous).as("16 bits").isLessThan(384 * 5.0 / (2 * 32767));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> new WeightQuantization(1, 32)).hasMessageContaining("bits must be 2 to 16, got 1");
        assertThatThrownBy(() -> new WeightQuantization(8, 0)).hasMessageContaining("group size must be at least 1, got 0");
        assertThatThrownBy(() -> new WeightQuantization(8, 4).roundTrip(new float[5], 2, 2))
                .hasMessageContaining("5 values are not a 2 x 2 matrix");
    }

    @Test
    void theModelsLayerMatricesAreQuantizedTheRestKeptAndSixteenBitsChangeNoExtraction() {
        List<EncodedItem> items = EncodedItem.all(ToyPeople.items("q", 6, 3), TOKENIZER);
        int pad = TOKENIZER.padId();
        try (Transformer model = Transformer.initialize(ModelConfig.tiny(TOKENIZER.vocabularySize()), 21)) {
            new Trainer(pad, TOKENIZER.eosId()).trainAll(model, items,
                    new TrainingConfig(40, 8, 0, AdamWConfig.of(3e-3).withWarmup(10), 21), null);
            Map<String, float[]> before = model.weights();
            double[] es = ModelScorer.extractionStrengths(model, items, pad);
            assertThat(Arrays.stream(es).sum()).as("a model that extracts something").isPositive();
            try (Transformer sixteen = new WeightQuantization(16, 64).apply(model);
                 Transformer four = new WeightQuantization(4, 32).apply(model)) {
                assertThat(ModelScorer.extractionStrengths(sixteen, items, pad)).isEqualTo(es);
                Map<String, float[]> quantized = four.weights();
                for (Map.Entry<String, float[]> e : before.entrySet()) {
                    boolean layerMatrix = WeightQuantization.quantizes(e.getKey(), model.parameter(e.getKey()).getShape().dimension());
                    if (layerMatrix) {
                        assertThat(quantized.get(e.getKey())).as(e.getKey()).isNotEqualTo(e.getValue());
                    } else {
                        assertThat(quantized.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                    }
                }
                assertThat(WeightQuantization.quantizes("layers.0.w_v", 2)).isTrue();
                assertThat(WeightQuantization.quantizes("layers.0.attn_norm", 1)).isFalse();
                assertThat(WeightQuantization.quantizes("embed", 2)).isFalse();
            }
            model.weights().forEach((name, values) -> assertThat(values).as("the attacked model is a copy: " + name)
                    .isEqualTo(before.get(name)));
        }
    }
}
