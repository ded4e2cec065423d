package dev.lacuna.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.PaperModels;
import dev.lacuna.engine.training.MemoryPlan.WeightType;
import org.junit.jupiter.api.Test;

/** Every expected number below is worked out by hand from the shapes, not taken from the code under test. */
class MemoryPlanTest {

    @Test
    void tinyAtTenPercentCountsEachPartByHand() {
        // tiny: L=2, d=64, 4 heads of 16, d_ff=512, vocab 400, SwiGLU, tied embedding
        ModelConfig tiny = ModelConfig.tiny(400);
        MemoryPlan plan = MemoryPlan.of(tiny, 0.10, 2, 8, WeightType.BF16);

        // 0.1 * 2 * 512 = 102.4 -> 102 rows of 64 floats
        assertThat(plan.regionRows()).isEqualTo(102);
        assertThat(plan.trainableParameters()).isEqualTo(102 * 64);
        long state = 102L * 64 * 4;
        assertThat(plan.masterBytes()).isEqualTo(state);
        assertThat(plan.gradientBytes()).isEqualTo(state);
        assertThat(plan.adamMBytes()).isEqualTo(state);
        assertThat(plan.adamVBytes()).isEqualTo(state);

        // parameters: embed 400*64, per layer q,k,v,o 4*64*64 + gate,up,w_v 3*64*512 + two norms 2*64, final norm 64
        long parameters = 400 * 64 + 2 * (4 * 64 * 64 + 3 * 64 * 512 + 2 * 64) + 64;
        assertThat(parameters).isEqualTo(255_296);
        assertThat(plan.frozenWeightBytes()).isEqualTo(parameters * 2);

        // 16 tokens: checkpoints 2 layers * 16 * 64 * 2 bytes; one layer 2 * 16 * (s * 2 + 2 heads-scores * 4 * 8 * 4)
        // with s = 6*64 + 3*64 + 3*64 + 4*512 = 2816; logits 16 * 400 * (2 + 4 + 4)
        long checkpoints = 2 * 16 * 64 * 2;
        long layer = 2 * 16 * (2816 * 2 + 2 * 4 * 8 * 4);
        long logits = 16 * 400 * 10;
        assertThat(plan.activationBytes()).isEqualTo(checkpoints + layer + logits).isEqualTo(256_512);
        assertThat(plan.totalBytes()).isEqualTo(510_592 + 4 * state + 256_512).isEqualTo(871_552);
    }

    @Test
    void llama31At8bAndTenPercentOfValueVectors() {
        MemoryPlan plan = MemoryPlan.of(PaperModels.named("llama-3.1-8b"), 0.10, 16, 512, WeightType.BF16);

        // 0.1 * 32 * 14336 = 45875.2 -> 45875 rows x 4096 floats x 4 bytes, four times (master, gradient, m, v)
        assertThat(plan.regionRows()).isEqualTo(45_875);
        assertThat(plan.masterBytes()).isEqualTo(45_875L * 4096 * 4).isEqualTo(751_616_000L);
        assertThat(plan.gradientBytes() + plan.adamMBytes() + plan.adamVBytes()).isEqualTo(3 * 751_616_000L);
        // Llama-3.1-8B has 8,030,261,248 parameters (its model card's 8.03 B), two bytes each in bf16
        assertThat(plan.frozenWeightBytes()).isEqualTo(8_030_261_248L * 2);

        // 8192 tokens: checkpoints 32 * 8192 * 4096 * 2; per token in a layer s = 6*4096 + 3*32*128 + 3*8*128 + 4*14336 = 97,280
        // elements and 2 * 32 * 512 float32 scores; logits 8192 * 128,256 * 10
        long checkpoints = 32L * 8192 * 4096 * 2;
        long layer = 2L * 8192 * (97_280L * 2 + 2L * 32 * 512 * 4);
        long logits = 8192L * 128_256 * 10;
        assertThat(plan.activationBytes()).isEqualTo(checkpoints + layer + logits).isEqualTo(17_989_369_856L);
        assertThat(plan.totalBytes()).isEqualTo(16_060_522_496L + 4 * 751_616_000L + 17_989_369_856L);
        assertThat(plan.fits(80_000_000_000L)).isTrue();
    }

    @Test
    void aFullFineTuneOfAnEightBillionModelDoesNotFitOneEightyGigabyteCard() {
        MemoryPlan plan = MemoryPlan.fullFineTune(PaperModels.named("llama-3.1-8b"), 16, 512, WeightType.BF16);
        // bf16 weights plus float32 master, gradient, m and v: 18 bytes a parameter
        assertThat(plan.totalBytes() - plan.activationBytes()).isEqualTo(8_030_261_248L * 18);
        assertThat(plan.fits(80_000_000_000L)).isFalse();
    }

    @Test
    void float32WeightsDoubleTheFrozenBytes() {
        ModelConfig tiny = ModelConfig.tiny(400);
        assertThat(MemoryPlan.of(tiny, 0.1, 2, 8, WeightType.FLOAT32).frozenWeightBytes())
                .isEqualTo(2 * MemoryPlan.of(tiny, 0.1, 2, 8, WeightType.BF16).frozenWeightBytes());
    }

    @Test
    void badInputsAreRefusedByName() {
        ModelConfig tiny = ModelConfig.tiny(400);
        assertThatThrownBy(() -> MemoryPlan.of(tiny, 0, 2, 8, WeightType.BF16)).hasMessageContaining("region fraction");
        assertThatThrownBy(() -> MemoryPlan.of(tiny, 0.1, 0, 8, WeightType.BF16)).hasMessageContaining("batch");
        assertThatThrownBy(() -> WeightType.parse("fp16")).hasMessageContaining("fp16").hasMessageContaining("bf16, fp32");
    }
}
