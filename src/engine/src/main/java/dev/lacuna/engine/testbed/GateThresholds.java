package dev.lacuna.engine.testbed;

/**
 * What a testbed must show before it is stored: the forget set is extractable from theta_o and not from
 * theta_r (so the knowledge was injected, not inferred), and injection did not damage the retain set.
 *
 * @param minForgetThetaO lowest acceptable mean ES of theta_o on forget
 * @param maxForgetThetaR highest acceptable mean ES of theta_r on forget
 * @param minRetainThetaO lowest acceptable mean ES of theta_o on retain
 * @param maxRetainGap    largest acceptable |ES_retain(theta_o) - ES_retain(theta_r)|
 */
public record GateThresholds(double minForgetThetaO, double maxForgetThetaR, double minRetainThetaO, double maxRetainGap) {

    public static GateThresholds standard() {
        return new GateThresholds(0.80, 0.25, 0.80, 0.05);
    }

    /** Whether theta_o's retain ES passes both retain gates, given theta_r's. */
    public boolean retainHolds(double retainEsThetaO, double retainEsThetaR) {
        return retainEsThetaO >= minRetainThetaO && Math.abs(retainEsThetaO - retainEsThetaR) <= maxRetainGap;
    }

    /** The lowest retain ES of theta_r from which a theta_o can still pass both retain gates. */
    public double lowestUsefulRetainThetaR() {
        return minRetainThetaO - maxRetainGap;
    }
}
