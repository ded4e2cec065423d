package dev.lacuna.engine.protocol;

import dev.lacuna.results.Calibration;
import dev.lacuna.results.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;

/**
 * The learning-rate calibration as a pure function of an FS oracle, apart from the unlearning that answers
 * it, so that every branch of the walk can be tested (and mutation-tested) in microseconds.
 */
final class CalibrationWalk {

    private CalibrationWalk() {
    }

    /**
     * The walk of {@link ObjectiveProtocol#calibrate}: {@code fsAtAlphaOne} gives the FS at alpha = 1 of a
     * rate, is asked in walking order, and every answer becomes a probe. Uses the config's grid factor,
     * grid points below and above the suggestion, and FS target.
     */
    static Calibration walk(double suggested, long seed, ProtocolConfig config, DoubleUnaryOperator fsAtAlphaOne) {
        List<Probe> probes = new ArrayList<>();
        DoublePredicate meetsTarget = rate -> {
            double fs = fsAtAlphaOne.applyAsDouble(rate);
            probes.add(new Probe(rate, fs));
            return fs >= config.calibrationTarget();
        };
        int k = 0;
        boolean first = meetsTarget.test(rate(suggested, k, config));
        if (first) {
            while (k > -config.gridBelow() && meetsTarget.test(rate(suggested, k - 1, config))) {
                k--;
            }
            return new Calibration(rate(suggested, k, config), true, seed, true, suggested, probes);
        }
        while (k < config.gridAbove()) {
            k++;
            if (meetsTarget.test(rate(suggested, k, config))) {
                return new Calibration(rate(suggested, k, config), true, seed, true, suggested, probes);
            }
        }
        return new Calibration(rate(suggested, k, config), true, seed, false, suggested, probes);
    }

    private static double rate(double suggested, int k, ProtocolConfig config) {
        return suggested * Math.pow(config.gridFactor(), k);
    }
}
