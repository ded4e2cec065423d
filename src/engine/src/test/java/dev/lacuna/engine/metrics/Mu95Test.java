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
    void theLastPointExactlyAtTheThresholdIsReached() {
        // threshold 0.95 * 1.0 = 0.95 = MU at the last point: "at or below", so reached with that point's FQ
        // (t = (0.96 - 0.95) / (0.96 - 0.95) = 1), not the unreached fallback
        double[] mu = {1.00, 0.96, 0.95};
        double[] fq = {-20, -18, -7};

        Mu95 result = Mu95.ofSweep(new double[] {0, 0.5, 1}, mu, fq);

        assertThat(result.reached()).isTrue();
        assertThat(result.log10ForgetQuality()).isCloseTo(-7.0, within(1e-12));
        assertThat(result.alpha()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aPointJustAboveTheThresholdIsNotTheCrossing() {
        // MU at the second point is one ulp above the threshold: the crossing lies between it and the third point,
        // (0.95 + ulp - 0.95) / (0.95 + ulp - 0.90) ~ 0 of the way, so FQ stays at the second point's -12
        double above = Math.nextUp(Mu95.FRACTION * 1.0);
        Mu95 result = Mu95.ofSweep(new double[] {0, 0.05, 0.1}, new double[] {1.0, above, 0.90}, new double[] {-20, -12, -5});

        assertThat(result.reached()).isTrue();
        assertThat(result.log10ForgetQuality()).isCloseTo(-12.0, within(1e-9));
        assertThat(result.alpha()).isCloseTo(0.05, within(1e-9));

        // and when no later point falls below, MU never reaches 95 %
        Mu95 never = Mu95.ofSweep(new double[] {0, 0.05}, new double[] {1.0, above}, new double[] {-20, -12});
        assertThat(never.reached()).isFalse();
        assertThat(never.log10ForgetQuality()).isEqualTo(-12.0);
        assertThat(never.alpha()).isEqualTo(0.05);
    }

    @Test
    void aFirstPointAlreadyAtTheThresholdIsTheCrossingItself() {
        // MU(theta_o) = 0: the threshold is 0 and the first point is already at it; nothing to interpolate
        Mu95 zero = Mu95.ofSweep(ALPHAS, new double[] {0, 0, 0, 0, 0}, new double[] {-3, -4, -5, -6, -7});
        assertThat(zero).isEqualTo(new Mu95(-3, 0.0, true));

        // an explicit threshold above the first point
        Mu95 above = Mu95.firstCrossing(new double[] {0.2, 0.4}, new double[] {0.5, 0.1}, new double[] {-9, -1}, 0.6);
        assertThat(above).isEqualTo(new Mu95(-9, 0.2, true));

        // exactly at the first point
        Mu95 at = Mu95.firstCrossing(new double[] {0.2, 0.4}, new double[] {0.5, 0.1}, new double[] {-9, -1}, 0.5);
        assertThat(at).isEqualTo(new Mu95(-9, 0.2, true));
    }

    @Test
    void onlyTheFirstCrossingCounts() {
        // MU dips below 95 % between alpha 0 and 0.05, recovers, and falls again: the first crossing is
        // t = (1.00 - 0.95) / (1.00 - 0.90) = 1/2 of the way from FQ -20 to -10, alpha 0 to 0.05
        double[] mu = {1.00, 0.90, 0.99, 0.80, 0.70};
        double[] fq = {-20, -10, -8, -6, -2};

        Mu95 result = Mu95.ofSweep(ALPHAS, mu, fq);

        assertThat(result.reached()).isTrue();
        assertThat(result.log10ForgetQuality()).isCloseTo(-15.0, within(1e-12));
        assertThat(result.alpha()).isCloseTo(0.025, within(1e-12));
    }

    @Test
    void interpolationIsLinearInBothForgetQualityAndAlpha() {
        // threshold 0.95; between MU 0.97 (alpha 0.1, FQ -10) and 0.92 (alpha 0.3, FQ -4): t = 0.02 / 0.05 = 0.4,
        // FQ -10 + 0.4 * 6 = -7.6, alpha 0.1 + 0.4 * 0.2 = 0.18
        Mu95 result = Mu95.firstCrossing(new double[] {0.0, 0.1, 0.3}, new double[] {1.0, 0.97, 0.92},
                new double[] {-20, -10, -4}, 0.95);

        assertThat(result.log10ForgetQuality()).isCloseTo(-7.6, within(1e-12));
        assertThat(result.alpha()).isCloseTo(0.18, within(1e-12));
    }

    @Test
    void aSinglePointSweepWithPositiveUtilityNeverReachesTheThreshold() {
        // MU(theta_o) > 0 at the only point: 0.95 MU is below it, so it is never reached
        assertThat(Mu95.ofSweep(new double[] {0}, new double[] {0.7}, new double[] {-4})).isEqualTo(new Mu95(-4, 0, false));
    }

    @Test
    void mismatchedArraysAreRejected() {
        assertThatThrownBy(() -> Mu95.ofSweep(ALPHAS, new double[] {1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("equally long");
        assertThatThrownBy(() -> Mu95.ofSweep(new double[0], new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MU95 needs equally long, non-empty alpha, MU and FQ arrays, got 0, 0 and 0");
        assertThatThrownBy(() -> Mu95.ofSweep(new double[] {0, 1}, new double[] {1, 1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MU95 needs equally long, non-empty alpha, MU and FQ arrays, got 2, 2 and 1");
    }
}
