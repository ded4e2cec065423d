package dev.lacuna.engine.protocol;

import java.util.List;

/**
 * Everything an objective evaluation measured; {@link ResultJson} writes it in the documented schema.
 * Timings are kept apart so two runs on the same inputs agree on everything else.
 */
public record ProtocolResult(String pluginName, String pluginVersion, String pluginSha256, String testbedId,
                             List<SeedOutcome> seeds, Calibration calibration, Summary summary,
                             boolean utilityAvailable, String utilityNote, ProtocolConfig config, Timings timings,
                             boolean sandboxed) {

    /** One point of a mixing curve; {@code mu} and {@code log10Fq} are null where the data has no such sets. */
    public record CurvePoint(double alpha, double fs, double rs, Double mu, Double log10Fq) {
    }

    /** One unlearning run (a region on a seed's testbed) and its mixing sweep. */
    public record Run(String region, int regionSize, List<CurvePoint> curve, double aues, Double mu95, Boolean mu95Reached) {

        public Run {
            curve = List.copyOf(curve);
        }
    }

    /** The Oracle and Random runs of one mask seed. */
    public record SeedOutcome(long maskSeed, String testbedHash, long randomRegionSeed, Run oracle, Run random) {
    }

    /** One tried rate and the FS it reached at alpha = 1. */
    public record Probe(double learningRate, double fs) {
    }

    /**
     * The calibrated rate, on which seed, and every probe that led to it; or a rate the user fixed
     * ({@code calibrated} false, no probes, {@code reached} null).
     */
    public record Calibration(double learningRate, long seed, Boolean reached, double suggested, List<Probe> probes,
                              boolean calibrated) {

        public Calibration {
            probes = List.copyOf(probes);
        }

        public static Calibration fixed(double learningRate, long seed, double suggested) {
            return new Calibration(learningRate, seed, null, suggested, List.of(), false);
        }
    }

    /** Mean and sample standard deviation over seeds (sd 0 with one seed). */
    public record MeanSd(double mean, double sd) {

        public static MeanSd of(double[] values) {
            double mean = java.util.Arrays.stream(values).average().orElseThrow();
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new MeanSd(mean, values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0);
        }
    }

    /** The headline numbers; MU95 entries are null where the testbed has no Forget Quality. */
    public record Summary(MeanSd auesOracle, MeanSd auesRandom, double auesDelta, double auesP,
                          MeanSd mu95Oracle, MeanSd mu95Random, Double mu95Delta, Double mu95P, int permutations,
                          long statisticsSeed) {
    }

    /** Wall-clock seconds by stage. */
    public record Timings(double total, double calibration, double unlearning, double mixingEvaluation, double generation,
                          double statistics) {
    }
}
