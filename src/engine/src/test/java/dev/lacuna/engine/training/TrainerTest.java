package dev.lacuna.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.metrics.ExtractionStrength;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.toy.CharacterTokenizer;
import dev.lacuna.engine.toy.ToyPeople;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final CharacterTokenizer TOKENIZER = new CharacterTokenizer();
    private static final ModelConfig TINY = ModelConfig.tiny(TOKENIZER.vocabularySize());
    private static final Trainer TRAINER = new Trainer(TOKENIZER.padId(), TOKENIZER.eosId());

    private static List<EncodedItem> people(String prefix, int count, long seed) {
        return EncodedItem.all(ToyPeople.items(prefix, count, seed), TOKENIZER);
    }

    @Test
    void trainingEveryParameterMemorizesTheAnswers() {
        List<EncodedItem> items = people("train", 8, 1);
        try (Transformer model = Transformer.initialize(TINY, 3)) {
            List<Double> losses = new ArrayList<>();
            long t0 = System.nanoTime();
            TRAINER.trainAll(model, items, new TrainingConfig(60, 8, 0, AdamWConfig.of(3e-3).withWarmup(10), 5),
                    (epoch, loss) -> losses.add(loss));
            System.out.printf("trainAll %.1f s losses %s%n", (System.nanoTime() - t0) / 1e9, losses);
            double es = ExtractionStrength.mean(ExtractionStrength.of(model, items, TOKENIZER.padId()));
            System.out.println("ES " + es);
            assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) / 4);
            assertThat(es).isGreaterThan(0.8);
        }
    }
}
