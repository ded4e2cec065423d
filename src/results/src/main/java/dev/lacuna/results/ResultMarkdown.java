package dev.lacuna.results;

import java.util.List;
import java.util.Locale;

/** A short human-readable table of a result's summary ({@code ./lacuna evaluate --format markdown}). */
public final class ResultMarkdown {

    private ResultMarkdown() {
    }

    public static String of(Result result) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "## %s %s on %s%n%n", result.plugin().name(), result.plugin().version(),
                result.testbed()));
        if (result instanceof ObjectiveResult r) {
            objective(r, b);
        } else {
            localizer((LocalizerResult) result, b);
        }
        if (!result.utility().available()) {
            b.append("\n").append(result.utility().note()).append(".\n");
        }
        return b.toString();
    }

    private static void objective(ObjectiveResult r, StringBuilder b) {
        ObjectiveSummary s = r.summary();
        Calibration c = r.calibration();
        String how = !c.calibrated() ? ", fixed by the user" : Boolean.TRUE.equals(c.reachedTarget()) ? "" : ", FS target not reached";
        b.append(String.format(Locale.ROOT, "Seeds %s, learning rate %.3g (seed %d%s), device %s.%n%n", r.seeds(),
                c.learningRate(), c.seed(), how, r.device()));
        b.append("| metric | Oracle | Random | abs. Delta | p |\n|---|---|---|---|---|\n");
        b.append(String.format(Locale.ROOT, "| AUES | %s | %s | %.4f | %.4f |%n", meanSd(s.auesOracle(), s.auesOracleSd()),
                meanSd(s.auesRandom(), s.auesRandomSd()), s.auesDelta(), s.auesP()));
        b.append(String.format(Locale.ROOT, "| MU95 (log10 FQ) | %s | %s | %s | %s |%n", meanSd(s.mu95Oracle(), s.mu95OracleSd()),
                meanSd(s.mu95Random(), s.mu95RandomSd()), number(s.mu95Delta()), number(s.mu95P())));
    }

    private static void localizer(LocalizerResult r, StringBuilder b) {
        LocalizerSummary s = r.summary();
        if (r.unlearning()) {
            b.append(String.format(Locale.ROOT, "Seeds %s, reference objective %s, learning rate %.3g, device %s.%n%n", r.seeds(),
                    r.referenceObjective().name(), r.calibration().learningRate(), r.device()));
        } else {
            b.append(String.format(Locale.ROOT, "Seeds %s, localization only (no unlearning), device %s.%n%n", r.seeds(), r.device()));
        }
        b.append(String.format(Locale.ROOT, "Localization: precision@p %s, recall %s, AP %s, AUROC %s.%n%n",
                meanSd(s.precisionAtP(), s.precisionAtPSd()), number(s.recall()), number(s.averagePrecision()),
                meanSd(s.auroc(), s.aurocSd())));
        if (r.unlearning()) {
            b.append("| metric | localized | Random | Oracle | p vs Random | p vs Oracle |\n|---|---|---|---|---|---|\n");
            b.append(String.format(Locale.ROOT, "| AUES | %s | %s | %s | %s | %s |%n", meanSd(s.auesLocalized(), s.auesLocalizedSd()),
                    meanSd(s.auesRandom(), s.auesRandomSd()), meanSd(s.auesOracle(), s.auesOracleSd()), number(s.auesPVsRandom()),
                    number(s.auesPVsOracle())));
            b.append(String.format(Locale.ROOT, "| MU95 (log10 FQ) | %s | %s | %s | %s | %s |%n", number(s.mu95Localized()),
                    number(s.mu95Random()), number(s.mu95Oracle()), number(s.mu95PVsRandom()), number(s.mu95PVsOracle())));
        }
        b.append("\n| layer | precision |\n|---|---|\n");
        List<Double> perLayer = s.perLayerPrecision() == null ? List.of() : s.perLayerPrecision();
        for (int l = 0; l < perLayer.size(); l++) {
            b.append(String.format(Locale.ROOT, "| %d | %s |%n", l, number(perLayer.get(l))));
        }
    }

    /** {@code mean ± sd}, the mean alone without an sd, {@code n/a} without a mean. */
    private static String meanSd(Double mean, Double sd) {
        if (mean == null) {
            return "n/a";
        }
        return sd == null ? number(mean) : String.format(Locale.ROOT, "%.4f ± %.4f", mean, sd);
    }

    private static String number(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
