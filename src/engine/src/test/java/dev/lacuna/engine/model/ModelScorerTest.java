package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDScope;
import dev.lacuna.engine.metrics.ExtractionStrength;
import dev.lacuna.engine.toy.CharacterTokenizer;
import dev.lacuna.engine.toy.ToyPeople;
import dev.lacuna.engine.training.AdamWConfig;
import dev.lacuna.engine.training.Trainer;
import dev.lacuna.engine.training.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelScorerTest {

    private static final CharacterTokenizer TOKENIZER = new CharacterTokenizer();
    private static final ModelConfig TINY = ModelConfig.tiny(TOKENIZER.vocabularySize());
    private static final int PAD = TOKENIZER.padId();

    @Test
    void aNewModelExtractsNothingAndAMemorizingModelExtractsEverything() {
        List<EncodedItem> items = EncodedItem.all(ToyPeople.items("p", 4, 2), TOKENIZER);
        try (Transformer model = Transformer.initialize(TINY, 1)) {
            assertThat(ModelScorer.meanExtractionStrength(model, items, PAD, 64)).isLessThan(0.2);
            new Trainer(PAD, TOKENIZER.eosId()).trainAll(model, items,
                    new TrainingConfig(60, 8, 0, AdamWConfig.of(3e-3).withWarmup(10), 1), null);
            assertThat(ModelScorer.extractionStrengths(model, items, PAD)).containsOnly(1.0);
        }
    }

    @Test
    void theOnePassValueEqualsRealGreedyDecodingOnEveryItem() {
        List<EncodedItem> seen = EncodedItem.all(ToyPeople.items("seen", 10, 3), TOKENIZER);
        List<EncodedItem> unseen = EncodedItem.all(ToyPeople.items("unseen", 3, 4), TOKENIZER);
        try (Transformer model = Transformer.initialize(TINY, 2)) {
            new Trainer(PAD, TOKENIZER.eosId()).trainAll(model, seen,
                    new TrainingConfig(30, 8, 0, AdamWConfig.of(3e-3).withWarmup(10), 2), null);
            List<EncodedItem> items = new ArrayList<>(seen);
            items.addAll(unseen);

            double[] onePass = ModelScorer.extractionStrengths(model, items, PAD);
            double[] chunked = ModelScorer.extractionStrengths(model, items, PAD, 3);
            for (int i = 0; i < items.size(); i++) {
                double greedy = ModelScorer.extractionStrengthByGreedyDecoding(model, items.get(i));
                assertThat(onePass[i]).as("item %s", items.get(i).id()).isEqualTo(greedy);
                assertThat(chunked[i]).isEqualTo(onePass[i]);
            }
            assertThat(onePass).as("a mix of full and no extraction").contains(1.0, 0.0);
            assertThat(Arrays.stream(onePass).filter(es -> es > 0 && es < 1).count()).as("partial extraction").isPositive();
        }
    }

    @Test
    void answerTokenLossesAverageToTheTrainingLossOfEachItemAlone() {
        List<EncodedItem> items = EncodedItem.all(ToyPeople.items("p", 2, 5), TOKENIZER);
        try (Transformer model = Transformer.initialize(TINY, 4)) {
            double[][] losses = ModelScorer.answerTokenLosses(model, items, PAD);
            for (int i = 0; i < items.size(); i++) {
                assertThat(losses[i]).hasSize(items.get(i).answer().length);
                assertThat(Arrays.stream(losses[i]).min().orElseThrow()).isPositive();
                try (NDScope ignored = new NDScope()) {
                    double alone = Trainer.crossEntropy(model, TokenBatch.of(items.subList(i, i + 1), PAD, -1)).getFloat();
                    assertThat(ExtractionStrength.mean(losses[i])).isCloseTo(alone, within(1e-5));
                }
            }
        }
    }

    /**
     * What lets the likelihood pass take the original answers' losses from the Extraction Strength pass: an item's
     * token losses are the same floats whichever items share its batch and however long the batch is padded.
     */
    @Test
    void anItemsTokenLossesAreBitIdenticalInAnyBatch() {
        List<EncodedItem> items = EncodedItem.all(ToyPeople.items("p", 6, 4), TOKENIZER);
        List<EncodedItem> longer = new ArrayList<>(items);
        EncodedItem first = items.get(0);
        int[] longAnswer = new int[40];
        Arrays.fill(longAnswer, first.answer()[0]);
        longer.add(new EncodedItem("long", first.prompt(), longAnswer));
        try (Transformer model = Transformer.initialize(TINY, 5)) {
            new Trainer(PAD, TOKENIZER.eosId()).trainAll(model, items,
                    new TrainingConfig(20, 8, 0, AdamWConfig.of(3e-3).withWarmup(5), 5), null);
            double[][] together = ModelScorer.answerTokenLosses(model, longer, PAD);
            double[][] withEs = ModelScorer.scoresWithLosses(model, longer, PAD).tokenLosses();
            for (int i = 0; i < items.size(); i++) {
                double[] alone = ModelScorer.answerTokenLosses(model, items.subList(i, i + 1), PAD)[0];
                assertThat(together[i]).as("item %d padded to 40 more tokens, among %d", i, longer.size()).isEqualTo(alone);
                assertThat(withEs[i]).as("item %d from the ES pass", i).isEqualTo(alone);
            }
        }
    }
}
