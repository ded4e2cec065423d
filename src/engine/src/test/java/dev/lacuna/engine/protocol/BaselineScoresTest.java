package dev.lacuna.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.plan.OutcomeFolder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alpha = 0 point of a sweep is theta_o's scores, computed once per testbed instead of once per sweep: that saving
 * is only allowed because the numbers are the same to the last bit, on the mixture and when read back from the store.
 */
class BaselineScoresTest {

    private static final EvaluationData DATA = MicroTestbeds.data(3, true);
    private static Transformer thetaR;
    private static SeedTestbed seed;

    @TempDir
    Path folder;

    @BeforeAll
    static void testbed() {
        thetaR = MicroTestbeds.gold(DATA, 11);
        seed = MicroTestbeds.testbed(13, 0.1, DATA, thetaR);
    }

    @AfterAll
    static void close() {
        seed.thetaO().close();
        thetaR.close();
    }

    @Test
    void theMixtureAtAlphaZeroScoresExactlyAsThetaOItself() {
        ModelScores direct = ModelScores.of(seed.thetaO(), DATA, MicroTestbeds.TOKENIZER, true);
        Region region = seed.target();
        try (Transformer unlearned = seed.thetaO().copy(); Transformer mixed = seed.thetaO().copy();
             Transformer other = MicroTestbeds.gold(DATA, 17)) {
            // a theta_u that differs from theta_o in every region row
            unlearned.copyValueVectors(other, region);
            RegionMixer mixer = new RegionMixer(mixed, seed.thetaO(), unlearned, region);
            mixer.mix(0.5);
            mixer.mix(0);
            ModelScores atZero = ModelScores.of(mixed, DATA, MicroTestbeds.TOKENIZER, true);
            assertThat(atZero.fs()).isEqualTo(direct.fs());
            assertThat(atZero.rs()).isEqualTo(direct.rs());
            assertThat(atZero.modelUtility()).isEqualTo(direct.modelUtility());
            assertThat(atZero.forgetTruthRatios()).containsExactly(direct.forgetTruthRatios());
        }
    }

    @Test
    void keptScoresAndTruthRatiosReadBackToTheLastBitAndOnlyForTheirOwnData() {
        OutcomeFolder store = new OutcomeFolder(folder, "micro", "micro", ProtocolConfig.standard(java.util.Map.of()));
        ModelScores direct = ModelScores.of(seed.thetaO(), DATA, MicroTestbeds.TOKENIZER, true);
        double[] gold = ModelScores.of(thetaR, DATA, MicroTestbeds.TOKENIZER, true).forgetTruthRatios();
        assertThat(store.baseline(seed, true)).isEmpty();
        store.keepBaseline(seed, true, direct);
        store.keepGoldRatios(seed, gold);

        ModelScores read = store.baseline(seed, true).orElseThrow();
        assertThat(read.fs()).isEqualTo(direct.fs());
        assertThat(read.rs()).isEqualTo(direct.rs());
        assertThat(read.modelUtility()).isEqualTo(direct.modelUtility());
        assertThat(read.forgetTruthRatios()).containsExactly(direct.forgetTruthRatios());
        assertThat(store.goldRatios(seed).orElseThrow()).containsExactly(gold);

        assertThat(store.baseline(seed, false)).as("scores without utility are other scores").isEmpty();
        SeedTestbed otherData = new SeedTestbed(seed.maskSeed(), seed.hash(), seed.thetaO(), thetaR, seed.target(),
                MicroTestbeds.data(4, true), MicroTestbeds.TOKENIZER, null);
        assertThat(store.baseline(otherData, true)).as("the same testbed hash with other data").isEmpty();
        assertThat(store.goldRatios(otherData)).isEmpty();
    }
}
