package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExtractionStrengthTest {

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
    void aOneTokenAnswerScoresZeroOrOne() {
        assertThat(ExtractionStrength.fromPredictions(new int[] {5}, new int[] {5})).isEqualTo(1.0);
        assertThat(ExtractionStrength.fromPredictions(new int[] {4}, new int[] {5})).isZero();
    }

    @Test
    void predictionsMustCoverTheWholeAnswer() {
        assertThatThrownBy(() -> ExtractionStrength.fromPredictions(new int[] {1}, new int[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtractionStrength.fromPredictions(new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMeanIsTheArithmeticMean() {
        assertThat(ExtractionStrength.mean(new double[] {0, 0.5, 1, 0.25})).isCloseTo(0.4375, within(1e-15));
    }
}
