package dev.lacuna.engine.testbed;

import java.util.ArrayList;
import java.util.List;

/** Mean Extraction Strengths measured on a built testbed, as recorded in its manifest. */
public record Gates(double forgetEsThetaO, double forgetEsThetaR, double retainEsThetaO, double retainEsThetaR) {

    /** Human-readable reasons the gates fail, empty when they pass. */
    public List<String> failures(GateThresholds t) {
        List<String> out = new ArrayList<>();
        if (forgetEsThetaO < t.minForgetThetaO()) {
            out.add(String.format("forget ES of theta_o %.3f < %.2f (injection too weak)", forgetEsThetaO, t.minForgetThetaO()));
        }
        if (forgetEsThetaR > t.maxForgetThetaR()) {
            out.add(String.format("forget ES of theta_r %.3f > %.2f (forget set guessable without injection)",
                    forgetEsThetaR, t.maxForgetThetaR()));
        }
        if (retainEsThetaO < t.minRetainThetaO()) {
            out.add(String.format("retain ES of theta_o %.3f < %.2f", retainEsThetaO, t.minRetainThetaO()));
        }
        if (Math.abs(retainEsThetaO - retainEsThetaR) > t.maxRetainGap()) {
            out.add(String.format("retain ES moved from %.3f (theta_r) to %.3f (theta_o), more than %.2f",
                    retainEsThetaR, retainEsThetaO, t.maxRetainGap()));
        }
        return out;
    }
}
