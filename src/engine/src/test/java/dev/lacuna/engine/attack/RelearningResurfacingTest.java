package dev.lacuna.engine.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.protocol.EvaluationData;
import dev.lacuna.engine.protocol.RegionUnlearning;
import dev.lacuna.engine.protocol.UnlearningSettings;
import dev.lacuna.engine.toy.AscentObjective;
import dev.lacuna.engine.toy.CharacterTokenizer;
import dev.lacuna.engine.toy.ToyPeople;
import dev.lacuna.engine.training.AdamWConfig;
import dev.lacuna.engine.training.Trainer;
import dev.lacuna.engine.training.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelearningResurfacingTest {

    private static final CharacterTokenizer TOKENIZER = new CharacterTokenizer();

    /** Forget ES at which theta_o's training stops, and the most epochs it may take. */
    private static final double KNOWN = 0.95;
    private static final int MAX_EPOCHS = 120;

    /**
     * theta_o learns 20 forget and 20 retain items of the toy people, theta_r the retain items alone; gradient ascent
     * on every value vector (rate 5e-3, 3 epochs) takes forget ES from 0.969 to 0.169 (theta_r: 0.219). Relearning on
     * 2 of the 20 forget items (10 passes, batch 2, rate 1e-3) then raises the 18 held-out items' ES of theta_u by
     * 0.174 -> 0.347, 0.174 -> 0.444 and 0.132 -> 0.444 for split seeds 1, 2, 3 (gains 0.17 to 0.31), while the same
     * fine-tune moves theta_r by +0.056, -0.007 and +0.021. Measured where this was written (CPU, one thread) with GA
     * settings {2e-3, 5e-3} x {3, 6} epochs and relearning rates {1e-3, 3e-3}, of which this pair separates best
     * (after 6 epochs at 5e-3 the forget set is destroyed, ES 0.025, and relearning 2 items brings back little). Bounds:
     * gain above 0.08 (about half the smallest measured), baseline change within 0.10 (not quite twice the largest
     * measured), gain beyond the baseline's above 0.05 (measured 0.12 to 0.29). On an AMD EPYC host theta_o needed 45
     * epochs (ES 1.0; 0.74 after 40), ascent left ES 0.194, and the same attacks gave gains 0.11, 0.13, 0.13 with
     * theta_r moving +0.042, -0.007, +0.021 (gain beyond the baseline 0.07 to 0.13): the same picture, nearer the bounds.
     */
    @Test
    void relearningTenPercentBringsBackTheHeldOutItemsOfAnAscentUnlearnedModelButNotOfThetaR() {
        int pad = TOKENIZER.padId();
        int eos = TOKENIZER.eosId();
        List<EncodedItem> forget = EncodedItem.all(ToyPeople.items("f", 10, 3), TOKENIZER);
        List<EncodedItem> retain = EncodedItem.all(ToyPeople.items("r", 10, 4), TOKENIZER);
        List<EncodedItem> all = new ArrayList<>(forget);
        all.addAll(retain);
        ModelConfig tiny = ModelConfig.tiny(TOKENIZER.vocabularySize());
        EvaluationData data = new EvaluationData(forget, retain, forget, List.of(), Map.of(), pad);
        try (Transformer o = Transformer.initialize(tiny, 21); Transformer r = Transformer.initialize(tiny, 21)) {
            // theta_o trains until it knows the forget set (checked every 5 epochs): how many epochs that takes depends
            // on the CPU's float rounding (40 sufficed where this was tuned, not on an AMD EPYC host), the state reached
            // much less
            int epochs = new Trainer(pad, eos).trainAll(o, all, new TrainingConfig(MAX_EPOCHS, 8, 0,
                    AdamWConfig.of(3e-3).withWarmup(10), 21),
                    (epoch, loss) -> epoch < 40 || epoch % 5 != 0 || Relearning.extraction(o, forget, pad) < KNOWN).epochs();
            new Trainer(pad, eos).trainAll(r, retain, new TrainingConfig(40, 8, 0, AdamWConfig.of(3e-3).withWarmup(10), 21), null);
            double originalEs = Relearning.extraction(o, forget, pad);
            assertThat(originalEs).as("theta_o knows the forget set after %d epochs", epochs).isGreaterThan(0.9);
            UnlearningSettings ga = new UnlearningSettings(5e-3, 3, 0, 8, 0, 5, Map.of());
            try (Transformer u = RegionUnlearning.unlearn(o, Region.all(tiny.layers(), tiny.dFf()), new AscentObjective(), "ascent", data, ga, null)) {
                double unlearnedEs = Relearning.extraction(u, forget, pad);
                assertThat(unlearnedEs).as("ascent lowered forget ES").isLessThan(0.3);
                for (long seed = 1; seed <= 3; seed++) {
                    Relearning.Resurfacing res = new Relearning(10, 2, 1e-3, 0.1, seed).attack(u, r, forget, pad, eos);
                    double gain = res.unlearnedAfter() - res.unlearnedBefore();
                    double baseline = res.retrainedAfter() - res.retrainedBefore();
                    assertThat(gain).as("held-out ES regained by theta_u, seed " + seed + ": " + res).isGreaterThan(0.08);
                    assertThat(Math.abs(baseline)).as("theta_r stays near its ES, seed " + seed + ": " + res).isLessThan(0.10);
                    assertThat(gain - baseline).as("resurfacing beyond the baseline, seed " + seed).isGreaterThan(0.05);
                }
            }
        }
    }
}
