package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference p-values are scipy 1.17 {@code scipy.stats.ks_2samp(x, y, method='exact')}. */
class ForgetQualityTest {

    private static final double RELATIVE = 1e-10;

    @Test
    void matchesScipyOnSmallSamples() {
        double p = ForgetQuality.pValue(new double[] {0.1, 0.4, 0.7}, new double[] {0.2, 0.3, 0.5, 0.9});
        assertThat(p).isCloseTo(0.9714285714285715, within(0.9714285714285715 * RELATIVE));
    }

    @Test
    void matchesScipyOnCompletelySeparatedSamples() {
        double p = ForgetQuality.pValue(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10});
        // 2 / C(10, 5)
        assertThat(p).isCloseTo(2.0 / 252, within(2.0 / 252 * RELATIVE));
    }

    @Test
    void matchesScipyWithTiedValues() {
        double p = ForgetQuality.pValue(new double[] {1, 2, 2, 3, 3, 3, 4}, new double[] {2, 3, 3, 4, 4, 5, 6, 6});
        assertThat(p).isCloseTo(0.2522144522144522, within(0.2522144522144522 * RELATIVE));
    }

    @Test
    void matchesScipysExactValueFor400Versus400Samples() {
        assertThat(ForgetQuality.pValue(sampleA(), sampleB(0.9, 0.1)))
                .isCloseTo(0.036569856408414286, within(0.036569856408414286 * RELATIVE));
    }

    @Test
    void keepsTinyExactPValuesFor400Versus400SamplesThatTheAsymptoticFormulaLoses() {
        double expected = 2.776495661774257e-16;
        assertThat(ForgetQuality.pValue(sampleA(), sampleB(0.7, 0.3))).isCloseTo(expected, within(expected * RELATIVE));
        assertThat(ForgetQuality.log10(sampleA(), sampleB(0.7, 0.3))).isCloseTo(Math.log10(expected), within(1e-9));
    }

    private static double[] sampleA() {
        double[] a = new double[400];
        for (int i = 0; i < a.length; i++) {
            a[i] = ((i * 7919L) % 10007) / 10007.0;
        }
        return a;
    }

    private static double[] sampleB(double scale, double shift) {
        double[] b = new double[400];
        for (int i = 0; i < b.length; i++) {
            b[i] = ((i * 104729L) % 10007) / 10007.0 * scale + shift;
        }
        return b;
    }
}
