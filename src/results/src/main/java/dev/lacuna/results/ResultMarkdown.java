package dev.lacuna.results;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A result as Markdown: what {@code ./lacuna evaluate --format markdown} prints and {@code ./lacuna report} posts on a
 * pull request. It carries what a reader needs to judge the numbers: the headline table with its reference rows, the
 * tests behind the p-values, whether calibration reached its target, and the testbeds by hash. Spreads and p-values
 * are left out where they would mean nothing: with one seed the sd is 0 and the gap tests cannot reject anything.
 */
public final class ResultMarkdown {

    /** Said instead of the sds and p-values of a one-seed result. */
    static final String ONE_SEED = "1 seed: no spread, no test.";

    private ResultMarkdown() {
    }

    public static String of(Result result) {
        return of(result, null);
    }

    /** The text, ending with a link to the full result file when {@code link} is not null. */
    public static String of(Result result, String link) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "## %s %s on %s%n%n", result.plugin().name(), result.plugin().version(),
                result.testbed()));
        boolean spread = result.seeds().size() > 1;
        if (result instanceof ObjectiveResult r) {
            objective(r, spread, b);
        } else {
            localizer((LocalizerResult) result, spread, b);
        }
        if (!result.utility().available()) {
            b.append("\n").append(result.utility().note()).append(".\n");
        }
        testbeds(result, b);
        b.append(String.format(Locale.ROOT, "%nPlugin JAR sha256 `%s`.%n", result.pluginSha256()));
        if (link != null) {
            b.append(String.format(Locale.ROOT, "%n[Full result (JSON)](%s)%n", link));
        }
        return b.toString();
    }

    private static void objective(ObjectiveResult r, boolean spread, StringBuilder b) {
        ObjectiveSummary s = r.summary();
        b.append("Unlearning objective, ").append(runs(r)).append('\n').append(calibration(r)).append("\n\n");
        b.append("| region | AUES | MU95 (log10 FQ) |\n|---|---|---|\n");
        b.append(String.format(Locale.ROOT, "| Oracle (V_tgt) | %s | %s |%n", meanSd(s.auesOracle(), s.auesOracleSd(), spread),
                meanSd(s.mu95Oracle(), s.mu95OracleSd(), spread)));
        b.append(String.format(Locale.ROOT, "| Random | %s | %s |%n", meanSd(s.auesRandom(), s.auesRandomSd(), spread),
                meanSd(s.mu95Random(), s.mu95RandomSd(), spread)));
        b.append(String.format(Locale.ROOT, "| abs. Delta | %s | %s |%n", number(s.auesDelta()), number(s.mu95Delta())));
        if (spread) {
            b.append(String.format(Locale.ROOT, "| p | %s | %s |%n", number(s.auesP()), number(s.mu95P())));
        }
        if (s.auesUnconstrained() != null) {
            b.append(String.format(Locale.ROOT, "| Unconstrained (every value vector) | %s | %s |%n",
                    meanSd(s.auesUnconstrained(), s.auesUnconstrainedSd(), spread), meanSd(s.mu95Unconstrained(), s.mu95UnconstrainedSd(), spread)));
        }
        b.append('\n').append(tests(spread, s.permutations(), s.statisticsSeed(), "")).append('\n');
        if (s.updateSquaredShareInside() != null || s.updatePrecision() != null) {
            b.append(String.format(Locale.ROOT, "%nWhere the unconstrained update landed (value vectors ranked by change against V_tgt): "
                            + "precision@p %s, AP %s, AUROC %s, share of the squared change inside V_tgt %s (chance: p = |V_tgt| / N).%n",
                    number(s.updatePrecision()), number(s.updateAveragePrecision()), number(s.updateAuroc()),
                    number(s.updateSquaredShareInside())));
        }
        if (s.resurfacing() != null) {
            b.append("\nResurfacing gap at alpha = 1 (above 0: erased knowledge came back; quantization: FS drop, relearning: held-out "
                    + "ES of the attacked theta_u minus the equally attacked theta_r's):\n\n");
            b.append(spread ? "| attack | Oracle | Random | Unconstrained | abs. Delta | p |\n|---|---|---|---|---|---|\n"
                    : "| attack | Oracle | Random | Unconstrained | abs. Delta |\n|---|---|---|---|---|\n");
            for (ResurfacingGap g : s.resurfacing()) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%s%n", g.attack(), meanSd(g.oracleMean(), g.oracleSd(), spread),
                        meanSd(g.randomMean(), g.randomSd(), spread), meanSd(g.unconstrainedMean(), g.unconstrainedSd(), spread),
                        number(g.delta()), spread ? " " + number(g.p()) + " |" : ""));
            }
            AttackSettings a = r.settings().attacks();
            if (a != null) {
                b.append(String.format(Locale.ROOT, "%nAttacks: %s-bit round-to-nearest quantization, %d input rows per scale; relearning "
                                + "on %.0f %% of the forget set, %d passes, batch %d, rate %.3g.%s%n",
                        a.quantizationBits().stream().map(String::valueOf).collect(Collectors.joining("- and ")), a.quantizationGroupSize(),
                        100 * a.relearningFraction(), a.relearningEpochs(), a.relearningBatchSize(), a.relearningRate(),
                        spread ? " p: paired permutation test of the gaps." : ""));
            }
        }
    }

    private static void localizer(LocalizerResult r, boolean spread, StringBuilder b) {
        LocalizerSummary s = r.summary();
        b.append("Localizer, ").append(runs(r)).append('\n');
        if (r.unlearning()) {
            b.append(String.format(Locale.ROOT, "Reference objective %s %s unlearns in each region. ", r.referenceObjective().name(),
                    r.referenceObjective().version())).append(calibration(r)).append('\n');
        } else {
            b.append("Localization only: no unlearning ran.\n");
        }
        b.append(String.format(Locale.ROOT, "%nRegion R (the top p %% of the scores) against V_tgt: precision@p %s, recall %s, "
                        + "AP %s, AUROC %s.%n", meanSd(s.precisionAtP(), s.precisionAtPSd(), spread), number(s.recall()),
                number(s.averagePrecision()), meanSd(s.auroc(), s.aurocSd(), spread)));
        if (r.unlearning()) {
            b.append("\n| region | AUES | MU95 (log10 FQ) | AUES gap of R | MU95 gap of R |\n|---|---|---|---|---|\n");
            b.append(String.format(Locale.ROOT, "| localized (R) | %s | %s | | |%n",
                    meanSd(s.auesLocalized(), s.auesLocalizedSd(), spread), number(s.mu95Localized())));
            b.append(String.format(Locale.ROOT, "| Random (reference) | %s | %s | %s | %s |%n",
                    meanSd(s.auesRandom(), s.auesRandomSd(), spread), number(s.mu95Random()),
                    gap(s.auesDeltaVsRandom(), s.auesPVsRandom(), spread), gap(s.mu95DeltaVsRandom(), s.mu95PVsRandom(), spread)));
            b.append(String.format(Locale.ROOT, "| Oracle (V_tgt, reference) | %s | %s | %s | %s |%n",
                    meanSd(s.auesOracle(), s.auesOracleSd(), spread), number(s.mu95Oracle()),
                    gap(s.auesDeltaVsOracle(), s.auesPVsOracle(), spread), gap(s.mu95DeltaVsOracle(), s.mu95PVsOracle(), spread)));
            b.append('\n').append(tests(spread, s.permutations(), s.statisticsSeed(), "Gaps are R minus the row. ")).append('\n');
        } else if (!spread) {
            b.append('\n').append(ONE_SEED).append('\n');
        }
        b.append("\n| layer | precision |\n|---|---|\n");
        List<Double> perLayer = s.perLayerPrecision() == null ? List.of() : s.perLayerPrecision();
        for (int l = 0; l < perLayer.size(); l++) {
            b.append(String.format(Locale.ROOT, "| %d | %s |%n", l, number(perLayer.get(l))));
        }
    }

    /** "5 mask seeds (7, 19, ...), device cpu, float32 weights, sandboxed." */
    private static String runs(Result r) {
        int n = r.seeds().size();
        return String.format(Locale.ROOT, "%d mask seed%s (%s), device %s, %s weights, %s.", n, n == 1 ? "" : "s",
                r.seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")), r.device(), r.computedIn(),
                r instanceof LocalizerResult l && l.groundTruthGranted() ? "harness code reading V_tgt (the upper reference)"
                        : r.sandboxed() ? "sandboxed" : "not sandboxed (--trusted)");
    }

    /** Which rate every run used and, when it was calibrated, whether it reached the forget-score target. */
    private static String calibration(Result r) {
        Calibration c = r.calibration();
        if (!c.calibrated()) {
            return String.format(Locale.ROOT, "Learning rate %.3g, fixed by the user (not calibrated).", c.learningRate());
        }
        String target = String.format(Locale.ROOT, "the FS target %.2f", r.settings().calibrationTargetFs());
        return String.format(Locale.ROOT, "Learning rate %.3g, calibrated on seed %d: %s.", c.learningRate(), c.seed(),
                Boolean.TRUE.equals(c.reachedTarget()) ? "reached " + target
                        : "did NOT reach " + target + " (the largest rate on the grid was used)");
    }

    private static String tests(boolean spread, Integer permutations, Long seed, String prefix) {
        if (!spread) {
            return prefix + ONE_SEED;
        }
        String rounds = permutations == null ? "" : String.format(Locale.ROOT, ", %d rounds each", permutations);
        String seeded = seed == null ? "" : String.format(Locale.ROOT, " (statistics seed %d)", seed);
        return prefix + "p: AUES permutation test and MU95 bootstrap test" + rounds + seeded + "; ± is the sd over seeds.";
    }

    /** A signed gap with its p-value in brackets; the gap alone for one seed. */
    private static String gap(Double delta, Double p, boolean spread) {
        if (delta == null) {
            return "n/a";
        }
        String signed = String.format(Locale.ROOT, "%+.4f", delta);
        return spread ? signed + " (p " + number(p) + ")" : signed;
    }

    private static void testbeds(Result r, StringBuilder b) {
        b.append(String.format(Locale.ROOT, "%nTestbeds (combined hash `%s`):%n%n| mask seed | testbed hash |%n|---|---|%n",
                r.testbedHash()));
        for (SeedResult s : r.perSeed()) {
            b.append(String.format(Locale.ROOT, "| %d | `%s` |%n", s.maskSeed(), s.testbedHash()));
        }
    }

    /** {@code mean ± sd} over several seeds, the mean alone without an sd or for one seed, {@code n/a} without a mean. */
    private static String meanSd(Double mean, Double sd, boolean spread) {
        if (mean == null) {
            return "n/a";
        }
        return sd == null || !spread ? number(mean) : String.format(Locale.ROOT, "%.4f ± %.4f", mean, sd);
    }

    private static String number(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
