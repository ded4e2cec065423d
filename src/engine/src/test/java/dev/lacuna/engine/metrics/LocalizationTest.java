package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lacuna.engine.model.Region;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocalizationTest {

    // one layer of six value vectors; truth {0, 2, 4}
    private static final float[] SCORES = {0.9f, 0.8f, 0.7f, 0.1f, 0.5f, 0.3f};
    private static final Region TRUTH = Region.of(1, 6, 0, 2, 4);

    @Test
    void theTopScoredValueVectorsFormTheSelectedRegion() {
        assertThat(Localization.top(SCORES, 1, 6, 3)).isEqualTo(Region.of(1, 6, 0, 1, 2));
    }

    @Test
    void equalScoresAreSelectedInIndexOrder() {
        assertThat(Localization.top(new float[] {1, 1, 1, 1}, 2, 2, 2)).isEqualTo(Region.of(2, 2, 0, 1));
    }

    @Test
    void handComputedPrecisionRecallAveragePrecisionAndAuroc() {
        Localization.Scores overall = Localization.evaluate(SCORES, Localization.top(SCORES, 1, 6, 3), TRUTH).overall();

        assertThat(overall.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(overall.recall()).isCloseTo(2.0 / 3, within(1e-12));
        // true value vectors at ranks 1, 3 and 4: (1 + 2/3 + 3/4) / 3
        assertThat(overall.averagePrecision()).isCloseTo(29.0 / 36, within(1e-12));
        // 7 of the 9 (true, false) pairs are ordered correctly
        assertThat(overall.auroc()).isCloseTo(7.0 / 9, within(1e-12));
    }

    @Test
    void theGroundTruthItselfScoresPerfectly() {
        float[] oracle = {1, 0, 1, 0, 1, 0};
        Localization.Scores overall = Localization.evaluate(oracle, Localization.top(oracle, 1, 6, 3), TRUTH).overall();

        assertThat(overall.precision()).isEqualTo(1.0);
        assertThat(overall.recall()).isEqualTo(1.0);
        assertThat(overall.averagePrecision()).isEqualTo(1.0);
        assertThat(overall.auroc()).isEqualTo(1.0);
    }

    @Test
    void tiedScoresGiveAurocOneHalf() {
        assertThat(Localization.auroc(new float[] {3, 3, 3, 3}, new boolean[] {true, false, true, false})).isEqualTo(0.5);
    }

    @Test
    void perLayerScoresCountOnlyThatLayer() {
        float[] scores = {1, 0, 0, 1};
        Region truth = Region.of(2, 2, 0, 2);
        Localization.Report report = Localization.evaluate(scores, Region.of(2, 2, 0, 3), truth);

        assertThat(report.perLayer().get(0).precision()).isEqualTo(1.0);
        assertThat(report.perLayer().get(1).precision()).isEqualTo(0.0);
        assertThat(report.perLayer().get(1).auroc()).isEqualTo(0.0);
    }

    @Test
    void randomScoresLandNearChance() {
        int layers = 4;
        int dFf = 1024;
        Region truth = Region.random(layers, dFf, 0.10, 7);
        float[] scores = new float[layers * dFf];
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) random.nextDouble();
        }
        Localization.Scores overall = Localization
                .evaluate(scores, Localization.top(scores, layers, dFf, truth.size()), truth).overall();

        // 99 % binomial interval for precision: p +- 2.576 sqrt(p (1 - p) / |R|)
        double halfWidth = 2.576 * Math.sqrt(0.1 * 0.9 / truth.size());
        assertThat(overall.precision()).isCloseTo(0.10, within(halfWidth));
        assertThat(overall.auroc()).isCloseTo(0.5, within(0.05));
    }

    @Test
    void aScoreArrayOfTheWrongLengthIsRejected() {
        assertThatThrownBy(() -> Localization.top(new float[5], 1, 6, 3)).hasMessageContaining("one score per value vector");
    }
}
