package dev.lacuna.engine.protocol;

import dev.lacuna.engine.metrics.Localization;
import dev.lacuna.engine.protocol.ProtocolResult.Calibration;
import dev.lacuna.engine.protocol.ProtocolResult.MeanSd;
import dev.lacuna.engine.protocol.ProtocolResult.Run;
import java.util.List;

/**
 * Everything a localizer evaluation measured; {@link ResultJson} writes it in the documented schema.
 * Timings are kept apart so two runs on the same inputs agree on everything else.
 */
public record LocalizerResult(String pluginName, String pluginVersion, String pluginSha256, String testbedId,
                              ObjectiveProtocol.Plugin reference, boolean groundTruthGranted, List<SeedOutcome> seeds,
                              Calibration calibration, Summary summary, boolean utilityAvailable, String utilityNote,
                              ProtocolConfig config, Timings timings, boolean sandboxed) {

    public LocalizerResult {
        seeds = List.copyOf(seeds);
    }

    /** False for a localization-only result: no calibration, no runs, null AUES and MU95. */
    public boolean unlearned() {
        return calibration != null;
    }

    /**
     * How the scores of one seed are spread inside and outside V_tgt: {@code bins} equal-width bins between
     * the lowest and the highest score (one bin when all scores are equal).
     */
    public record ScoreDistribution(double min, double max, int[] inRegion, int[] outOfRegion, MeanSd inRegionScore,
                                    MeanSd outOfRegionScore) {

        public static ScoreDistribution of(float[] scores, boolean[] truth, int bins) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float s : scores) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
            int n = max > min ? bins : 1;
            int[] in = new int[n];
            int[] out = new int[n];
            int inCount = 0;
            for (int i = 0; i < scores.length; i++) {
                int bin = n == 1 ? 0 : (int) Math.min(n - 1, Math.floor((scores[i] - min) / (max - min) * n));
                if (truth[i]) {
                    in[bin]++;
                    inCount++;
                } else {
                    out[bin]++;
                }
            }
            double[] inScores = new double[inCount];
            double[] outScores = new double[scores.length - inCount];
            int a = 0;
            int b = 0;
            for (int i = 0; i < scores.length; i++) {
                if (truth[i]) {
                    inScores[a++] = scores[i];
                } else {
                    outScores[b++] = scores[i];
                }
            }
            return new ScoreDistribution(min, max, in, out, inScores.length == 0 ? null : MeanSd.of(inScores),
                    outScores.length == 0 ? null : MeanSd.of(outScores));
        }
    }

    /**
     * One mask seed: how the localizer's region R compares with V_tgt, and the three unlearning runs (R,
     * V_tgt, a random region of the same size outside V_tgt), null in a localization-only result.
     */
    public record SeedOutcome(long maskSeed, String testbedHash, long randomRegionSeed, int regionSize,
                              Localization.Report localization, ScoreDistribution distribution, Run localized, Run oracle,
                              Run random) {
    }

    /** A gap between two groups of runs: mean difference (first minus second) and its p-value. */
    public record Gap(double delta, double p) {
    }

    /**
     * The headline numbers, means over seeds; MU95 entries are null where the testbed has no Forget Quality,
     * AUES and MU95 entries where no unlearning ran.
     */
    public record Summary(MeanSd precision, MeanSd recall, MeanSd averagePrecision, MeanSd auroc,
                          List<Double> perLayerPrecision, MeanSd auesLocalized, MeanSd auesRandom, MeanSd auesOracle,
                          Gap auesVsRandom, Gap auesVsOracle, MeanSd mu95Localized, MeanSd mu95Random, MeanSd mu95Oracle,
                          Gap mu95VsRandom, Gap mu95VsOracle, int permutations, long statisticsSeed) {
    }

    /** Wall-clock seconds by stage; localization is the plugin's own scoring time over all seeds. */
    public record Timings(double total, double calibration, double localization, double unlearning, double mixingEvaluation,
                          double generation, double statistics) {
    }
}
