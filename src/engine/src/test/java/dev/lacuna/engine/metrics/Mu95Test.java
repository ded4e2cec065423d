package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class Mu95Test {

    private static final double[] ALPHAS = {0.0, 0.05, 0.10, 0.15, 0.20};

    @Test
    void interpolatesForgetQualityBetweenTheTwoPointsAroundTheThreshold() {
        double[] mu = {1.00, 0.98, 0.96, 0.94, 0.90};
        double[] fq = {-20, -18, -16, -14, -10};

        Mu95 result = Mu95.ofSweep(ALPHAS, mu, fq);

        // threshold 0.95 lies halfway between MU 0.96 (FQ -16) and 0.94 (FQ -14)
        assertThat(result.reached()).isTrue();
        assertThat(result.log10ForgetQuality()).isCloseTo(-15.0, within(1e-12));
        assertThat(result.alpha()).isCloseTo(0.125, within(1e-12));
    }

    @Test
    void theThresholdIsRelativeToTheOriginalModelsUtility() {
        double[] mu = {0.40, 0.39, 0.37, 0.30, 0.20};
        double[] fq = {-20, -19, -17, -12, -8};

        Mu95 result = Mu95.ofSweep(ALPHAS, mu, fq);

        // threshold 0.95 * 0.40 = 0.38 lies halfway between MU 0.39 (FQ -19) and 0.37 (FQ -17)
        assertThat(result.log10ForgetQuality()).isCloseTo(-18.0, within(1e-12));
    }

    @Test
    void aPointExactlyAtTheThresholdIsTheCrossing() {
        double[] mu = {1.00, 0.95, 0.90};
        double[] fq = {-20, -12, -5};

        assertThat(Mu95.ofSweep(new double[] {0, 0.05, 0.1}, mu, fq).log10ForgetQuality())
                .isCloseTo(-12.0, within(1e-12));
    }

    @Test
    void whenUtilityNeverFallsThatFarTheLastPointIsReportedAndSaysSo() {
        double[] mu = {1.00, 0.99, 0.99, 0.98, 0.97};
        double[] fq = {-20, -18, -16, -14, -11};

        Mu95 result = Mu95.ofSweep(ALPHAS, mu, fq);

        assertThat(result.reached()).isFalse();
        assertThat(result.log10ForgetQuality()).isEqualTo(-11.0);
        assertThat(result.alpha()).isEqualTo(0.20);
    }

    @Test
    void mismatchedArraysAreRejected() {
        assertThatThrownBy(() -> Mu95.ofSweep(ALPHAS, new double[] {1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("equally long");
    }
}
