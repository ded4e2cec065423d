package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UtilityScoresTest {

    @Test
    void harmonicMeanOfOneTwoAndFourIsTwelveSevenths() {
        assertThat(ModelUtility.harmonicMean(1, 2, 4)).isCloseTo(12.0 / 7, within(1e-12));
    }

    @Test
    void harmonicMeanCollapsesToZeroWhenAnyScoreIsZero() {
        assertThat(ModelUtility.harmonicMean(0.9, 0.0, 0.8)).isZero();
    }

    @Test
    void harmonicMeanRejectsNaN() {
        assertThatThrownBy(() -> ModelUtility.harmonicMean(0.5, Double.NaN))
                .hasMessageContaining("finite and >= 0");
    }

    @Test
    void truthRatioIsTheGeometricMeanOfWrongOverCorrect() {
        double r = TruthRatio.of(0.5, new double[] {0.1, 0.4});
        assertThat(r).isCloseTo(0.4, within(1e-12));
        assertThat(TruthRatio.utilityScore(new double[] {r, 1.5})).isCloseTo((0.6 + 0) / 2, within(1e-12));
        assertThat(TruthRatio.forgetScore(new double[] {r, 2.0})).isCloseTo((0.4 + 0.5) / 2, within(1e-12));
    }

    @Test
    void probabilityIsTheExponentOfMinusTheMeanTokenLoss() {
        assertThat(AnswerProbability.fromTokenLosses(new double[] {1, 3})).isCloseTo(Math.exp(-2), within(1e-15));
        assertThat(AnswerProbability.amongCandidates(0.6, new double[] {0.1, 0.2, 0.1})).isCloseTo(0.6, within(1e-12));
    }
}
