package dev.lacuna.engine.stats;

import static dev.lacuna.engine.stats.PValueBand.assertBinomialBand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The paired test of the resurfacing gaps: each seed's pair of values swaps with probability 1/2, so each of the 2^n
 * sign patterns of the per-seed differences d_s is equally likely, and the gap of a round is |sum(+-d_s)| / n. The
 * exact P below enumerate those patterns by hand.
 */
class PairedPermutationTestTest {

    private static final int N = 10_000;

    @Test
    void differencesOneTwoThreeHavePOneQuarter() {
        // d = (1, 2, 3), observed |6| / 3 = 2. The 8 sign patterns give sums +-6, +-4 (flip 1), +-2 (flip 2), +-0 (flip 3):
        // |sum| >= 6 only for all + and all -, so P = 2/8.
        GapTestResult result = PairedPermutationTest.test(new double[] {1, 2, 3}, new double[] {0, 0, 0}, N, 11);

        assertThat(result.observedGap()).isEqualTo(2.0);
        assertBinomialBand(result, 0.25);
    }

    @Test
    void equalDifferencesTieOnHalfOfTheirPatterns() {
        // d = (1, 1, 1, 1): |sum| >= 4 needs all four signs alike, 2 of 16 patterns; P = 1/8. The pairing matters:
        // the same values unpaired would be a split test with other P.
        GapTestResult result = PairedPermutationTest.test(new double[] {0.3, 0.4, 0.5, 0.6}, new double[] {-0.7, -0.6, -0.5, -0.4},
                N, 5);

        assertThat(result.observedGap()).isCloseTo(1.0, within(1e-12));
        assertBinomialBand(result, 0.125);
    }

    @Test
    void identicalScenariosHavePValueOne() {
        double[] gaps = {0.12, -0.03, 0.4, 0.0, 0.2};

        GapTestResult result = PairedPermutationTest.test(gaps, gaps.clone(), 500, 3);

        assertThat(result.observedGap()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
    }

    @Test
    void theSameSeedGivesTheSamePValueAndTheGapIsSymmetric() {
        double[] a = {0.31, 0.12, 0.5, 0.07, 0.22};
        double[] b = {0.02, 0.1, 0.05, 0.01, 0.2};

        GapTestResult one = PairedPermutationTest.test(a, b, 2_000, 9);

        assertThat(PairedPermutationTest.test(a, b, 2_000, 9)).isEqualTo(one);
        assertThat(PairedPermutationTest.test(b, a, 2_000, 9).observedGap()).isEqualTo(one.observedGap());
        // 5 seeds: 32 patterns, the observed one and its mirror are the only ones with |sum| = 0.84 (all d_s > 0), P = 1/16
        assertBinomialBand(PairedPermutationTest.test(a, b, N, 9), 1.0 / 16);
    }

    @Test
    void unpairedOrEmptyInputIsRefused() {
        assertThatThrownBy(() -> PairedPermutationTest.test(new double[] {1}, new double[] {1, 2}, 10, 1))
                .hasMessageContaining("same, non-zero number of seeds, got 1 and 2");
        assertThatThrownBy(() -> PairedPermutationTest.test(new double[0], new double[0], 10, 1))
                .hasMessageContaining("got 0 and 0");
        assertThatThrownBy(() -> PairedPermutationTest.test(new double[] {1}, new double[] {0}, 0, 1))
                .hasMessageContaining("permutations must be at least 1, got 0");
        // one round is allowed: with one seed its gap always equals the observed one, so p = (1 + 1) / (1 + 1)
        assertThat(PairedPermutationTest.test(new double[] {1}, new double[] {0}, 1, 1).pValue()).isEqualTo(1.0);
    }
}
