package dev.lacuna.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class Mu95BootstrapTestTest {

    @Test
    void theObservedGapIsTheDifferenceOfTheMeanMu95() {
        GapTestResult result = Mu95BootstrapTest.test(new double[] {-10, -12}, new double[] {-14, -15, -16}, 100, 1);

        assertThat(result.observedGap()).isCloseTo(4.0, within(1e-12));
    }

    @Test
    void identicalScenariosHavePValueOne() {
        double[] values = {-13.1, -14.2, -12.9, -15.0, -13.7};

        GapTestResult result = Mu95BootstrapTest.test(values, values.clone(), 2_000, 3);

        assertThat(result.observedGap()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
    }

    @Test
    void clearlySeparatedScenariosHaveASmallPValue() {
        double[] high = {-5.0, -5.5, -4.8, -6.1, -5.2, -4.9, -5.7, -6.0};
        double[] low = {-30.0, -29.1, -31.2, -28.8, -30.5, -29.9, -31.0, -30.2};

        GapTestResult result = Mu95BootstrapTest.test(high, low, 10_000, 3);

        // only the 2 of C(16, 8) = 12,870 splits that keep the groups intact are as extreme
        assertThat(result.pValue()).isLessThan(0.01);
    }

    @Test
    void theSameSeedGivesTheSamePValue() {
        double[] a = {-13.1, -14.2, -12.9};
        double[] b = {-14.0, -15.2, -13.3};

        assertThat(Mu95BootstrapTest.test(a, b, 1_000, 9)).isEqualTo(Mu95BootstrapTest.test(a, b, 1_000, 9));
    }
}
