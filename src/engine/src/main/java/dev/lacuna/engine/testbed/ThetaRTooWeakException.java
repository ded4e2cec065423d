package dev.lacuna.engine.testbed;

import java.util.Locale;

/**
 * Stage A ended with a theta_r that cannot lead to a passing testbed: theta_o may move retain ES by at most
 * the allowed gap and must still reach the retain floor, so a theta_r below {@code floor - gap} dooms the
 * build. Failing here saves the whole injection (tens of minutes at {@code small} scale); nothing is stored.
 */
public class ThetaRTooWeakException extends IllegalStateException {

    private final double retainEsThetaR;

    public ThetaRTooWeakException(double retainEsThetaR, int epochs, GateThresholds thresholds) {
        super(String.format(Locale.ROOT,
                "testbed build failed before injection, nothing stored: theta_r reached retain ES %.3f after %d"
                        + " epochs of stage A, below the %.2f that theta_o's retain gates need (>= %.2f and within"
                        + " %.2f of theta_r); stage B skipped. theta_r needs a longer or stronger stage A"
                        + " (docs/testbeds.md)",
                retainEsThetaR, epochs, thresholds.lowestUsefulRetainThetaR(), thresholds.minRetainThetaO(),
                thresholds.maxRetainGap()));
        this.retainEsThetaR = retainEsThetaR;
    }

    public double retainEsThetaR() {
        return retainEsThetaR;
    }
}
