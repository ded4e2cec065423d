package dev.lacuna.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.ModelScorer;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.toy.CharacterTokenizer;
import dev.lacuna.engine.toy.ToyPeople;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    void trainingEveryParameterDrivesTheLossDownAndMemorizesTheAnswers() {
        List<EncodedItem> items = people("train", 8, 1);
        try (Transformer model = Transformer.initialize(TINY, 3)) {
            List<Double> losses = new ArrayList<>();
            TRAINER.trainAll(model, items, new TrainingConfig(60, 8, 0, AdamWConfig.of(3e-3).withWarmup(10), 5),
                    (epoch, loss) -> losses.add(loss));
            assertThat(losses).hasSize(60);
            assertThat(losses.get(59)).isLessThan(losses.get(0) / 20);
            assertThat(ModelScorer.meanExtractionStrength(model, items, TOKENIZER.padId(), 64)).isGreaterThan(0.9);
        }
    }

    @Test
    void regionTrainingLeavesEveryWeightOutsideTheRegionBitIdentical() {
        Region region = Region.random(TINY.layers(), TINY.dFf(), 0.1, 7);
        try (Transformer model = Transformer.initialize(TINY, 3)) {
            Map<String, float[]> before = model.weights();
            AdamWConfig decaying = AdamWConfig.of(1e-2).withWarmup(2).withWeightDecay(0.1);
            TRAINER.train(model, people("forget", 4, 1), people("retain", 4, 2), region,
                    new TrainingConfig(3, 4, 2.0, decaying, 1), null);
            Map<String, float[]> after = model.weights();
            int d = TINY.dModel();
            int changedRows = 0;
            for (String name : before.keySet()) {
                int layer = valueLayer(name);
                if (layer < 0) {
                    assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
                    continue;
                }
                for (int row = 0; row < TINY.dFf(); row++) {
                    float[] was = Arrays.copyOfRange(before.get(name), row * d, (row + 1) * d);
                    float[] is = Arrays.copyOfRange(after.get(name), row * d, (row + 1) * d);
                    if (region.contains(layer, row)) {
                        changedRows += Arrays.equals(was, is) ? 0 : 1;
                    } else {
                        assertThat(is).as("%s row %d", name, row).isEqualTo(was);
                    }
                }
            }
            assertThat(changedRows).isEqualTo(region.size());
        }
    }

    @Test
    void theSameSeedReproducesTheWeightsBitForBit() {
        List<EncodedItem> items = people("train", 4, 1);
        TrainingConfig config = new TrainingConfig(3, 3, 0, AdamWConfig.of(3e-3).withWarmup(2), 11);
        try (Transformer a = Transformer.initialize(TINY, 3); Transformer b = Transformer.initialize(TINY, 3)) {
            TRAINER.trainAll(a, items, config, null);
            TRAINER.trainAll(b, items, config, null);
            a.weights().forEach((name, values) -> assertThat(b.weights().get(name)).as(name).isEqualTo(values));
        }
    }

    @Test
    void aGarbageCollectionBetweenForwardAndBackwardChangesNoGradient() {
        TokenBatch batch = TokenBatch.of(people("gc", 4, 1), TOKENIZER.padId(), TOKENIZER.eosId());
        try (Transformer model = Transformer.initialize(TINY, 3)) {
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            Map<String, float[]> quiet = gradients(model, batch, false);
            Map<String, float[]> collected = gradients(model, batch, true);
            quiet.forEach((name, g) -> assertThat(collected.get(name)).as(name).isEqualTo(g));
            model.parameters().values().forEach(p -> p.setRequiresGradient(false));
        }
    }

    private static Map<String, float[]> gradients(Transformer model, TokenBatch batch, boolean collectGarbage) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDScope ignored = new NDScope()) {
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = Trainer.crossEntropy(model, batch);
                if (collectGarbage) {
                    System.gc();
                    System.runFinalization();
                }
                collector.backward(loss);
            }
            model.parameters().forEach((name, p) -> {
                out.put(name, p.getGradient().toFloatArray());
                JniUtils.zeroGrad((PtNDArray) p);
            });
        }
        return out;
    }

    @Test
    void aNonFiniteLossStopsTrainingLoudly() {
        try (Transformer model = Transformer.initialize(TINY, 3)) {
            float[] broken = new float[(int) model.parameter("final_norm").size()];
            Arrays.fill(broken, Float.NaN);
            model.parameter("final_norm").set(broken);
            assertThatThrownBy(() -> TRAINER.trainAll(model, people("x", 2, 1),
                    new TrainingConfig(1, 2, 0, AdamWConfig.of(1e-3), 1), null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("NaN").hasMessageContaining("diverged");
        }
    }

    @Test
    void aListenerCanStopTrainingEarly() {
        try (Transformer model = Transformer.initialize(TINY, 3)) {
            Trainer.Result result = TRAINER.trainAll(model, people("x", 2, 1),
                    new TrainingConfig(50, 2, 0, AdamWConfig.of(1e-3), 1), (epoch, loss) -> epoch < 2);
            assertThat(result.epochs()).isEqualTo(2);
            assertThat(result.steps()).isEqualTo(4);
        }
    }

    private static int valueLayer(String name) {
        for (int l = 0; l < TINY.layers(); l++) {
            if (name.equals(Transformer.valueMatrixName(l))) {
                return l;
            }
        }
        return -1;
    }
}
