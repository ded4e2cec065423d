package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.toy.CharacterTokenizer;
import dev.lacuna.engine.toy.ToyPeople;
import dev.lacuna.engine.training.AdamWConfig;
import dev.lacuna.engine.training.Trainer;
import dev.lacuna.engine.training.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractionStrengthTest {

    private static final CharacterTokenizer TOKENIZER = new CharacterTokenizer();

    @Test
    void nothingReproducedGivesZero() {
        assertThat(ExtractionStrength.fromPredictions(new int[] {9, 9, 9, 9}, new int[] {1, 2, 3, 4})).isZero();
    }

    @Test
    void everythingReproducedGivesOne() {
        assertThat(ExtractionStrength.fromPredictions(new int[] {1, 2, 3, 4}, new int[] {1, 2, 3, 4})).isEqualTo(1.0);
    }

    @Test
    void onlyTheLastWrongPredictionCounts() {
        assertThat(ExtractionStrength.fromPredictions(new int[] {9, 2, 3, 4}, new int[] {1, 2, 3, 4})).isEqualTo(0.75);
        assertThat(ExtractionStrength.fromPredictions(new int[] {9, 2, 9, 4}, new int[] {1, 2, 3, 4})).isEqualTo(0.25);
        assertThat(ExtractionStrength.fromPredictions(new int[] {1, 2, 3, 9}, new int[] {1, 2, 3, 4})).isZero();
    }

    @Test
    void aNewModelExtractsNothingAndAMemorizingModelExtractsEverything() {
        List<EncodedItem> items = EncodedItem.all(ToyPeople.items("p", 4, 2), TOKENIZER);
        ModelConfig tiny = ModelConfig.tiny(TOKENIZER.vocabularySize());
        try (Transformer model = Transformer.initialize(tiny, 1)) {
            assertThat(ExtractionStrength.mean(ExtractionStrength.of(model, items, TOKENIZER.padId()))).isLessThan(0.2);
            new Trainer(TOKENIZER.padId(), TOKENIZER.eosId()).trainAll(model, items,
                    new TrainingConfig(60, 8, 0, AdamWConfig.of(3e-3).withWarmup(10), 1), null);
            assertThat(ExtractionStrength.of(model, items, TOKENIZER.padId())).containsOnly(1.0);
        }
    }

    @Test
    void theOnePassValueEqualsRealGreedyDecodingOnEveryItem() {
        List<EncodedItem> seen = EncodedItem.all(ToyPeople.items("seen", 10, 3), TOKENIZER);
        List<EncodedItem> unseen = EncodedItem.all(ToyPeople.items("unseen", 3, 4), TOKENIZER);
        ModelConfig tiny = ModelConfig.tiny(TOKENIZER.vocabularySize());
        try (Transformer model = Transformer.initialize(tiny, 2)) {
            new Trainer(TOKENIZER.padId(), TOKENIZER.eosId()).trainAll(model, seen,
                    new TrainingConfig(30, 8, 0, AdamWConfig.of(3e-3).withWarmup(10), 2), null);
            List<EncodedItem> items = new ArrayList<>(seen);
            items.addAll(unseen);

            double[] onePass = ExtractionStrength.of(model, items, TOKENIZER.padId());
            double[] chunked = ExtractionStrength.of(model, items, TOKENIZER.padId(), 3);
            for (int i = 0; i < items.size(); i++) {
                double greedy = ExtractionStrength.byGreedyDecoding(model, items.get(i));
                assertThat(onePass[i]).as("item %s", items.get(i).id()).isEqualTo(greedy);
                assertThat(chunked[i]).isEqualTo(onePass[i]);
            }
            assertThat(onePass).as("a mix of full, partial and no extraction").contains(1.0, 0.0);
            assertThat(Arrays.stream(onePass).filter(es -> es > 0 && es < 1).count()).isPositive();
        }
    }

    @Test
    void theMeanIsTheArithmeticMean() {
        assertThat(ExtractionStrength.mean(new double[] {0, 0.5, 1, 0.25})).isCloseTo(0.4375, within(1e-15));
    }
}
