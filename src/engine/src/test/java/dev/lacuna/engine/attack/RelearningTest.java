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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelearningTest {

    private static final CharacterTokenizer TOKENIZER = new CharacterTokenizer();

    @Test
    void theSplitIsFixedByTheSeedDisjointCompleteAndInForgetOrder() {
        List<EncodedItem> forget = EncodedItem.all(ToyPeople.items("f", 10, 3), TOKENIZER);
        Relearning.Split a = new Relearning(1, 4, 1e-3, 0.1, 7).split(forget);
        Relearning.Split b = new Relearning(5, 2, 1e-2, 0.1, 7).split(forget);
        assertThat(a).isEqualTo(b);
        assertThat(a.relearn()).hasSize((int) Math.round(0.1 * forget.size()));
        assertThat(a.relearn().size() + a.heldOut().size()).isEqualTo(forget.size());
        List<EncodedItem> both = new ArrayList<>(a.relearn());
        both.addAll(a.heldOut());
        assertThat(new HashSet<>(both)).hasSameSizeAs(forget).containsExactlyInAnyOrderElementsOf(forget);
        assertThat(forget).containsSubsequence(a.heldOut()).containsSubsequence(a.relearn());
        boolean anotherSeedDiffers = false;
        for (long seed = 8; seed < 16; seed++) {
            anotherSeedDiffers |= !new Relearning(1, 4, 1e-3, 0.1, seed).split(forget).equals(a);
        }
        assertThat(anotherSeedDiffers).isTrue();
        // the smallest sets still keep one item on each side
        Relearning.Split two = new Relearning(1, 4, 1e-3, 0.01, 7).split(forget.subList(0, 2));
        assertThat(two.relearn()).hasSize(1);
        assertThat(two.heldOut()).hasSize(1);
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> new Relearning(-1, 4, 1e-3, 0.1, 1)).hasMessageContaining("passes must be 0 or more, got -1");
        assertThatThrownBy(() -> new Relearning(1, 0, 1e-3, 0.1, 1)).hasMessageContaining("batch size must be at least 1, got 0");
        assertThatThrownBy(() -> new Relearning(1, 4, 0, 0.1, 1)).hasMessageContaining("rate must be positive and finite, got 0.0");
        assertThatThrownBy(() -> new Relearning(1, 4, Double.NaN, 0.1, 1)).hasMessageContaining("rate must be positive");
        assertThatThrownBy(() -> new Relearning(1, 4, 1e-3, 1, 1)).hasMessageContaining("strictly between 0 and 1, got 1.0");
        assertThatThrownBy(() -> new Relearning(1, 4, 1e-3, 0, 1)).hasMessageContaining("strictly between 0 and 1, got 0.0");
        List<EncodedItem> one = EncodedItem.all(ToyPeople.items("f", 1, 3), TOKENIZER).subList(0, 1);
        assertThatThrownBy(() -> new Relearning(1, 4, 1e-3, 0.5, 1).split(one)).hasMessageContaining("at least 2 forget items, got 1");
    }

    @Test
    void zeroPassesChangeNoParameterAndNoExtractionAndAnAttackLeavesItsInputAsItWas() {
        List<EncodedItem> items = EncodedItem.all(ToyPeople.items("q", 6, 3), TOKENIZER);
        int pad = TOKENIZER.padId();
        int eos = TOKENIZER.eosId();
        try (Transformer model = Transformer.initialize(ModelConfig.tiny(TOKENIZER.vocabularySize()), 21)) {
            new Trainer(pad, eos).trainAll(model, items, new TrainingConfig(40, 8, 0, AdamWConfig.of(3e-3).withWarmup(10), 21), null);
            Map<String, float[]> before = model.weights();
            double[] es = ModelScorer.extractionStrengths(model, items, pad);
            Relearning noOp = new Relearning(0, 4, 1e-3, 0.2, 3);
            Relearning.Split split = noOp.split(items);
            try (Transformer same = noOp.apply(model, split.relearn(), pad, eos);
                 Transformer tuned = new Relearning(3, 4, 1e-3, 0.2, 3).apply(model, split.relearn(), pad, eos)) {
                assertThat(same.weights()).usingRecursiveComparison().isEqualTo(before);
                assertThat(ModelScorer.extractionStrengths(same, items, pad)).isEqualTo(es);
                assertThat(tuned.weights()).usingRecursiveComparison().isNotEqualTo(before);
            }
            Relearning.Resurfacing r = noOp.attack(model, model, items, pad, eos);
            assertThat(r.unlearnedAfter()).isEqualTo(r.unlearnedBefore());
            assertThat(r.excess()).isZero();
            model.weights().forEach((name, values) -> assertThat(values).as("the attacked model is a copy: " + name)
                    .isEqualTo(before.get(name)));
        }
    }
}
