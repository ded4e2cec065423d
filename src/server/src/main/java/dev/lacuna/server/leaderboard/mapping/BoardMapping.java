package dev.lacuna.server.leaderboard.mapping;

import dev.lacuna.engine.protocol.MeanSd;
import dev.lacuna.results.CurvePoint;
import dev.lacuna.results.LocalizerResult;
import dev.lacuna.results.LocalizerSummary;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.ObjectiveSummary;
import dev.lacuna.results.Result;
import dev.lacuna.results.ResurfacingGap;
import dev.lacuna.results.Run;
import dev.lacuna.results.SeedRuns;
import dev.lacuna.server.leaderboard.mapping.Cell.Format;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a result into its board row: the headline numbers of its summary, keyed by column. */
public final class BoardMapping {

    /** The built-in localizer that every localizer must beat; its row is marked as the Random reference. */
    static final String RANDOM_LOCALIZER = "random-localizer";

    private BoardMapping() {
    }

    /** The short public id of a submission: the start of its plugin JAR's sha256. */
    public static String submissionId(String pluginSha256) {
        return pluginSha256.substring(0, 12);
    }

    public static BoardRow row(String resultId, Result result) {
        String reference = null;
        if (result instanceof LocalizerResult l) {
            if (l.groundTruthGranted()) {
                reference = "Oracle";
            } else if (RANDOM_LOCALIZER.equals(l.plugin().name())) {
                reference = "Random";
            }
        }
        return new BoardRow(resultId, submissionId(result.pluginSha256()), result.plugin().name(),
                result.plugin().version(), result.pluginSha256(), reference, result.perSeed().size(), result.testbedHash(),
                values(result));
    }

    /** The result's number in each {@link BoardColumn} of its kind, by column key. */
    public static Map<String, Cell> values(Result result) {
        Map<String, Cell> values = new HashMap<>();
        if (result instanceof ObjectiveResult o) {
            ObjectiveSummary s = o.summary();
            values.put("aues_oracle", Cell.of(s.auesOracle(), s.auesOracleSd(), Format.UNIT));
            values.put("aues_random", Cell.of(s.auesRandom(), s.auesRandomSd(), Format.UNIT));
            values.put("aues_delta", Cell.of(s.auesDelta(), null, Format.UNIT));
            values.put("aues_p", Cell.of(s.auesP(), null, Format.P_VALUE));
            values.put("mu95_oracle", Cell.of(s.mu95Oracle(), s.mu95OracleSd(), Format.LOG10));
            values.put("mu95_random", Cell.of(s.mu95Random(), s.mu95RandomSd(), Format.LOG10));
            values.put("mu95_delta", Cell.of(s.mu95Delta(), null, Format.LOG10));
            values.put("mu95_p", Cell.of(s.mu95P(), null, Format.P_VALUE));
            double[] fs = o.perSeed().stream().map(SeedRuns::oracle).mapToDouble(BoardMapping::fsAtAlphaOne).toArray();
            MeanSd fsMeanSd = MeanSd.of(fs);
            values.put("fs_alpha_one", Cell.of(fsMeanSd.mean(), fsMeanSd.sd(), Format.UNIT));
            values.put("aues_unconstrained", Cell.of(s.auesUnconstrained(), s.auesUnconstrainedSd(), Format.UNIT));
            values.put("update_precision", Cell.of(s.updatePrecision(), null, Format.UNIT));
            values.put("update_share", Cell.of(s.updateSquaredShareInside(), null, Format.UNIT));
            ResurfacingGap q4 = gap(s, "quantization-4bit");
            ResurfacingGap relearn = gap(s, "relearning");
            values.put("q4_gap_oracle", Cell.of(q4 == null ? null : q4.oracleMean(), q4 == null ? null : q4.oracleSd(), Format.UNIT));
            values.put("q4_gap_random", Cell.of(q4 == null ? null : q4.randomMean(), q4 == null ? null : q4.randomSd(), Format.UNIT));
            values.put("relearn_gap_oracle", Cell.of(relearn == null ? null : relearn.oracleMean(), relearn == null ? null : relearn.oracleSd(),
                    Format.UNIT));
            values.put("relearn_gap_random", Cell.of(relearn == null ? null : relearn.randomMean(), relearn == null ? null : relearn.randomSd(),
                    Format.UNIT));
            values.put("relearn_gap_p", Cell.of(relearn == null ? null : relearn.p(), null, Format.P_VALUE));
        } else if (result instanceof LocalizerResult l) {
            LocalizerSummary s = l.summary();
            values.put("precision", Cell.of(s.precisionAtP(), s.precisionAtPSd(), Format.UNIT));
            values.put("ap", Cell.of(s.averagePrecision(), null, Format.UNIT));
            values.put("auroc", Cell.of(s.auroc(), s.aurocSd(), Format.UNIT));
            values.put("aues_localized", Cell.of(s.auesLocalized(), s.auesLocalizedSd(), Format.UNIT));
            values.put("aues_random", Cell.of(s.auesRandom(), s.auesRandomSd(), Format.UNIT));
            values.put("aues_p_vs_random", Cell.of(s.auesPVsRandom(), null, Format.P_VALUE));
            values.put("aues_oracle", Cell.of(s.auesOracle(), s.auesOracleSd(), Format.UNIT));
            values.put("aues_p_vs_oracle", Cell.of(s.auesPVsOracle(), null, Format.P_VALUE));
        }
        values.put("seeds", Cell.of((double) result.perSeed().size(), null, Format.COUNT));
        return values;
    }

    /** The summary's resurfacing gap of one attack; null in results measured before the attacks. */
    private static ResurfacingGap gap(ObjectiveSummary s, String attack) {
        return s.resurfacing() == null ? null : s.resurfacing().stream().filter(g -> g.attack().equals(attack)).findFirst().orElse(null);
    }

    /** FS of the last mixing point, alpha = 1: the fully unlearned model. */
    static double fsAtAlphaOne(Run run) {
        List<CurvePoint> curve = run.curve();
        return curve.get(curve.size() - 1).fs();
    }
}
