package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** docs/metrics.md: probability {@code exp(-mean token NLL)}; among candidates {@code P_true / (P_true + sum P_perturbed)}. */
class AnswerProbabilityTest {

    @Test
    void theProbabilityIsNormalisedByTheNumberOfAnswerTokens() {
        // mean NLL of {1, 3} is 2: exp(-2); repeating the answer keeps the mean, so the probability stays,
        // where the unnormalised product exp(-8) would fall
        assertThat(AnswerProbability.fromTokenLosses(new double[] {1, 3})).isCloseTo(Math.exp(-2), within(1e-15));
        assertThat(AnswerProbability.fromTokenLosses(new double[] {1, 3, 1, 3})).isCloseTo(Math.exp(-2), within(1e-15));
        // mean of {0.5, 1, 1.5} = 1
        assertThat(AnswerProbability.fromTokenLosses(new double[] {0.5, 1, 1.5})).isCloseTo(Math.exp(-1), within(1e-15));
    }

    @Test
    void aPerfectlyPredictedAnswerHasProbabilityOne() {
        assertThat(AnswerProbability.fromTokenLosses(new double[] {0, 0, 0})).isEqualTo(1.0);
    }

    @Test
    void anAnswerNeedsATokenOfItsOwn() {
        assertThatThrownBy(() -> AnswerProbability.fromTokenLosses(new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one token");
    }

    @Test
    void amongCandidatesIsTheTrueAnswersShareOfTheTotal() {
        // 0.2 / (0.2 + 0.1 + 0.1) = 0.5: the candidates' probabilities need not sum to 1
        assertThat(AnswerProbability.amongCandidates(0.2, new double[] {0.1, 0.1})).isCloseTo(0.5, within(1e-15));
        // 0.01 / (0.01 + 0.03) = 0.25
        assertThat(AnswerProbability.amongCandidates(0.01, new double[] {0.03})).isCloseTo(0.25, within(1e-15));
        // scaling every candidate alike leaves the share unchanged
        assertThat(AnswerProbability.amongCandidates(0.6, new double[] {0.1, 0.2, 0.1})).isCloseTo(0.6, within(1e-12));
        assertThat(AnswerProbability.amongCandidates(0.06, new double[] {0.01, 0.02, 0.01})).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void withoutPerturbedCandidatesTheTrueAnswerHasTheWholeShare() {
        assertThat(AnswerProbability.amongCandidates(0.3, new double[0])).isEqualTo(1.0);
    }
}
