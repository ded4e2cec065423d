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
        assertThatThrownBy(() -> Localization.top(new float[5], 2, 3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected one score per value vector (2 x 3 = 6), got 5");
    }

    @Test
    void evaluateRejectsScoresThatDoNotCoverTheGroundTruthsShape() {
        Region truth = Region.of(2, 3, 0);

        assertThatThrownBy(() -> Localization.evaluate(new float[7], Region.of(2, 3, 0), truth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected one score per value vector (2 x 3 = 6), got 7");
        assertThatThrownBy(() -> Localization.evaluate(new float[5], Region.of(2, 3, 0), truth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected one score per value vector (2 x 3 = 6), got 5");
    }

    @Test
    void recallDividesByTheTrueValueVectorsNotByTheFalseOnes() {
        // one layer of 4, truth {0}, selected {0, 1}: precision 1/2, recall 1/1 (three false value vectors)
        float[] scores = {0.9f, 0.8f, 0.2f, 0.1f};
        Localization.Scores overall = Localization.evaluate(scores, Region.of(1, 4, 0, 1), Region.of(1, 4, 0)).overall();

        assertThat(overall.precision()).isEqualTo(0.5);
        assertThat(overall.recall()).isEqualTo(1.0);
        // the true value vector is ranked first: AP 1/1; it outscores all 3 false ones: AUROC 3/3
        assertThat(overall.averagePrecision()).isEqualTo(1.0);
        assertThat(overall.auroc()).isEqualTo(1.0);
    }

    @Test
    void aurocGivesTiesBetweenTheClassesHalfCredit() {
        // scores 3, 2, 2, 1 with classes T, T, F, F. Pairs (true, false): 3>2, 3>1, 2=2 (1/2), 2>1: 3.5 / 4.
        // Mid-ranks, ascending: 1 -> 1, the two 2s -> 2.5 each, 3 -> 4; true rank sum 4 + 2.5 = 6.5;
        // U = 6.5 - 2 * 3 / 2 = 3.5; AUROC = 3.5 / (2 * 2) = 0.875.
        assertThat(Localization.auroc(new float[] {3, 2, 2, 1}, new boolean[] {true, true, false, false}))
                .isEqualTo(0.875);
    }

    @Test
    void aurocHandlesTiedGroupsAtBothEndsOfTheRanking() {
        // scores 1, 1, 2, 2, 2 with classes F, T, T, F, T (3 true, 2 false).
        // Mid-ranks: the 1s take ranks 1-2 -> 1.5, the 2s ranks 3-5 -> 4. True rank sum 1.5 + 4 + 4 = 9.5;
        // U = 9.5 - 3 * 4 / 2 = 3.5; AUROC = 3.5 / (3 * 2) = 7/12.
        // Pairwise: true 1 vs false {1, 2}: 1/2 + 0; each true 2 vs {1, 2}: 1 + 1/2; total 1/2 + 3 = 3.5. Same.
        assertThat(Localization.auroc(new float[] {1, 1, 2, 2, 2}, new boolean[] {false, true, true, false, true}))
                .isCloseTo(7.0 / 12, within(1e-15));
    }

    @Test
    void aurocOfUnsortedScoresWithUnequalClasses() {
        // true {0.2, 0.9}, false {0.4, 0.7, 0.1}: 0.9 beats all three, 0.2 beats 0.1 only: 4 of 6 pairs.
        assertThat(Localization.auroc(new float[] {0.2f, 0.9f, 0.4f, 0.7f, 0.1f},
                new boolean[] {true, true, false, false, false})).isCloseTo(2.0 / 3, within(1e-15));
        // a perfectly inverted ranking: no pair ordered correctly
        assertThat(Localization.auroc(new float[] {0.1f, 0.2f, 0.9f}, new boolean[] {true, true, false})).isEqualTo(0.0);
    }

    @Test
    void aurocIsUndefinedWithoutBothClasses() {
        assertThat(Localization.auroc(new float[] {1, 2, 3}, new boolean[] {true, true, true})).isNull();
        assertThat(Localization.auroc(new float[] {1, 2, 3}, new boolean[] {false, false, false})).isNull();
        assertThat(Localization.auroc(new float[] {5}, new boolean[] {true})).isNull();
    }

    @Test
    void averagePrecisionTakesTiesInIndexOrder() {
        // all scores equal: ranking 0, 1, 2, 3; true at ranks 2 and 4: (1/2 + 2/4) / 2 = 1/2
        assertThat(Localization.averagePrecision(new float[] {1, 1, 1, 1}, new boolean[] {false, true, false, true}))
                .isEqualTo(0.5);
        // true at ranks 1 and 3: (1/1 + 2/3) / 2 = 5/6
        assertThat(Localization.averagePrecision(new float[] {1, 1, 1, 1}, new boolean[] {true, false, true, false}))
                .isCloseTo(5.0 / 6, within(1e-15));
        assertThat(Localization.averagePrecision(new float[] {1, 2}, new boolean[] {false, false})).isNull();
    }

    @Test
    void aLayerWithoutTrueValueVectorsHasNoRecallAveragePrecisionOrAuroc() {
        // 2 layers of 3; truth {0, 1} lies in layer 0; selected {0, 3}
        float[] scores = {0.9f, 0.1f, 0.5f, 0.8f, 0.2f, 0.3f};
        Localization.Report report = Localization.evaluate(scores, Region.of(2, 3, 0, 3), Region.of(2, 3, 0, 1));

        Localization.Scores layer0 = report.perLayer().get(0);
        assertThat(layer0.precision()).isEqualTo(1.0);
        assertThat(layer0.recall()).isEqualTo(0.5);
        // layer 0 ranking 0.9 (T), 0.5 (F), 0.1 (T): AP (1/1 + 2/3) / 2 = 5/6; pairs 0.9 > 0.5, 0.1 < 0.5: 1/2
        assertThat(layer0.averagePrecision()).isCloseTo(5.0 / 6, within(1e-15));
        assertThat(layer0.auroc()).isEqualTo(0.5);

        Localization.Scores layer1 = report.perLayer().get(1);
        assertThat(layer1.precision()).isEqualTo(0.0);
        assertThat(layer1.recall()).isNull();
        assertThat(layer1.averagePrecision()).isNull();
        assertThat(layer1.auroc()).isNull();

        // overall: selected {0, 3} holds 1 of the 2 true; ranking 0.9 T, 0.8 F, 0.5 F, 0.3 F, 0.2 F, 0.1 T:
        // AP (1/1 + 2/6) / 2 = 2/3; AUROC: 0.9 beats 4, 0.1 beats none: 4/8
        Localization.Scores overall = report.overall();
        assertThat(overall.precision()).isEqualTo(0.5);
        assertThat(overall.recall()).isEqualTo(0.5);
        assertThat(overall.averagePrecision()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(overall.auroc()).isEqualTo(0.5);
    }

    @Test
    void aLayerWithNothingSelectedHasNoPrecision() {
        Localization.Report report = Localization.evaluate(new float[] {1, 0, 0, 1}, Region.of(2, 2, 0), Region.of(2, 2, 0, 3));

        assertThat(report.perLayer().get(1).precision()).isNull();
        assertThat(report.perLayer().get(1).recall()).isEqualTo(0.0);
        // layer 1 scores 0 (F), 1 (T): the true one outscores the false one
        assertThat(report.perLayer().get(1).auroc()).isEqualTo(1.0);
    }
}
