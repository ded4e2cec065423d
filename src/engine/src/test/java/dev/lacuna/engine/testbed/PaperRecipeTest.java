package dev.lacuna.engine.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lacuna.engine.training.MemoryPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperRecipeTest {

    @Test
    void theRecipesCarryAppendixFsHyperParameters() {
        assertThat(PaperRecipe.all().stream().map(PaperRecipe::family).toList()).containsExactly("tofu/llama-3.1-8b-instruct",
                "tofu/olmo-2-7b-instruct", "lume/olmo-2-7b-instruct", "synthetic/olmo-2-1b");
        for (PaperRecipe r : PaperRecipe.all()) {
            assertThat(List.of(r.batch(), r.epochs())).as(r.family()).containsExactly(16, 5);
            assertThat(r.weightDecay()).isEqualTo(0.01);
            assertThat(r.retainWeight()).isEqualTo(2.0);
            assertThat(r.fraction()).isEqualTo(0.10);
        }
        PaperRecipe llama = PaperRecipe.find("tofu", "llama-3.1-8b-instruct").orElseThrow();
        assertThat(List.of(llama.retainRate(), llama.forgetRate())).containsExactly(1e-5, 2e-4);
        assertThat(List.of(PaperRecipe.find("tofu", "olmo-2-7b-instruct").orElseThrow().forgetRate(),
                PaperRecipe.find("lume", "olmo-2-7b-instruct").orElseThrow().retainRate())).containsExactly(3e-4, 3e-5);
        assertThat(PaperRecipe.find("synthetic", "llama-3.1-8b-instruct")).isEmpty();
    }

    @Test
    void theInjectionFitsEightyGigabytesAndStageADoesNotAtSevenToEightBillion() {
        for (PaperRecipe r : PaperRecipe.all()) {
            assertThat(r.injectionMemory().fits(PaperRecipe.GPU_BYTES)).as(r.family()).isTrue();
            assertThat(r.injectionMemory().regionRows()).isEqualTo(Math.round(0.1 * r.model().valueVectors()));
        }
        assertThat(PaperRecipe.find("tofu", "llama-3.1-8b-instruct").orElseThrow().retainMemory().fits(PaperRecipe.GPU_BYTES)).isFalse();
        assertThat(PaperRecipe.find("synthetic", "olmo-2-1b").orElseThrow().retainMemory().fits(PaperRecipe.GPU_BYTES)).isTrue();
        assertThat(PaperRecipe.all().get(0).injectionMemory().weights()).isEqualTo(MemoryPlan.WeightType.BF16);
    }

    @Test
    void hoursFollowTheTokenCount() {
        PaperRecipe llama = PaperRecipe.find("tofu", "llama-3.1-8b-instruct").orElseThrow();
        // stage A 5 * 3600 * 100 tokens at 8 FLOPs a parameter, stage B 5 * 400 * 100 * 2 tokens at 6
        double flops = 8_030_261_248.0 * (8 * 1.8e6 + 6 * 4e5);
        assertThat(llama.estimatedHours(1.5e14)).isCloseTo(flops / 1.5e14 / 3600, within(1e-12));
        assertThat(llama.estimatedHours(1.5e14)).isBetween(0.2, 0.3);
    }
}
