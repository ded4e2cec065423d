package dev.lacuna.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Checks a resampling p-value against the exact probability of the enumerable null distribution.
 *
 * <p>Both tests report {@code p = (1 + k) / (1 + N)}, with k ~ Binomial(N, P) where P is the exact
 * probability that one resampled grouping is at least as extreme as the observed one. So
 * E[p] = (1 + N P) / (1 + N) and sd(p) = sqrt(N P (1 - P)) / (1 + N) <= sqrt(P (1 - P) / N); 3.3 standard
 * deviations is a two-sided 99.9 % band. The tests are seeded, so a value inside the band stays inside it.
 */
final class PValueBand {

    /** 3.3 standard deviations: two-sided 99.9 % of a normal, which Binomial(10,000, P) is close to here. */
    static final double Z_999 = 3.3;

    private PValueBand() {
    }

    static void assertBinomialBand(GapTestResult result, double exactProbability) {
        int n = result.resamples();
        double expected = (1 + n * exactProbability) / (1.0 + n);
        double tolerance = Z_999 * Math.sqrt(exactProbability * (1 - exactProbability) / n);
        assertThat(result.pValue()).as("p-value against the exact P = %s", exactProbability)
                .isCloseTo(expected, within(tolerance));
        assertIsACountOverNPlusOne(result);
    }

    /** {@code p (1 + N) - 1} is the number of resamples at least as extreme, a whole number in [0, N]. */
    static void assertIsACountOverNPlusOne(GapTestResult result) {
        double k = result.pValue() * (1.0 + result.resamples()) - 1;
        assertThat(k).isCloseTo(Math.rint(k), within(1e-6)).isBetween(-1e-6, result.resamples() + 1e-6);
    }

    /** The number k of resamples at least as extreme, recovered from {@code p = (1 + k) / (1 + N)}. */
    static long count(GapTestResult result) {
        return Math.round(result.pValue() * (1.0 + result.resamples()) - 1);
    }
}
