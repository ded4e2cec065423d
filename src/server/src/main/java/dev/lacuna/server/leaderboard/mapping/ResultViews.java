package dev.lacuna.server.leaderboard.mapping;

import dev.lacuna.results.Calibration;
import dev.lacuna.results.CurvePoint;
import dev.lacuna.results.LayerLocalization;
import dev.lacuna.results.LocalizerResult;
import dev.lacuna.results.LocalizerSeed;
import dev.lacuna.results.LocalizerTimings;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.ObjectiveTimings;
import dev.lacuna.results.Probe;
import dev.lacuna.results.Result;
import dev.lacuna.results.AttackSettings;
import dev.lacuna.results.RelearnedScores;
import dev.lacuna.results.Run;
import dev.lacuna.results.ScoreDistribution;
import dev.lacuna.results.SeedRuns;
import dev.lacuna.results.Settings;
import dev.lacuna.server.leaderboard.mapping.ResultView.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Builds the submission page's view of a result: facts, charts and tables. */
public final class ResultViews {

    static final String ORACLE = "#1d4ed8";
    static final String RANDOM = "#b45309";
    static final String LOCALIZED = "#047857";

    private ResultViews() {
    }

    public static ResultView of(String resultId, String family, String model, Result result) {
        BoardRow row = BoardMapping.row(resultId, result);
        List<Fact> headline = new ArrayList<>();
        for (BoardColumn c : BoardColumn.of(result.kind())) {
            headline.add(Fact.of(c.label(), row.value(c.key()).text()));
        }
        String anchor = family + "-" + model;
        List<Fact> facts = new ArrayList<>();
        facts.add(Fact.of("Kind", result.kind()));
        facts.add(Fact.of("Plugin", result.plugin().name() + " " + result.plugin().version()));
        facts.add(Fact.code("Plugin JAR sha256", result.plugin().sha256()));
        facts.add(Fact.of("Testbed", result.testbed()));
        facts.add(Fact.code("Combined testbed hash", result.testbedHash()));
        facts.add(Fact.of("Mask seeds", join(result.seeds(), Object::toString)));
        facts.add(Fact.of("Sandboxed", result.sandboxed() ? "yes: every plugin job ran in the sandbox" : "no (harness code or a trusted run)"));
        facts.add(Fact.of("Device", result.device()));
        facts.add(Fact.of("Weights", result.computedIn()));
        facts.add(Fact.of("Utility", result.utility().available() ? "available" : "not available: " + result.utility().note()));
        if (result instanceof LocalizerResult l) {
            facts.add(Fact.of("Reference objective", l.referenceObjective().name() + " " + l.referenceObjective().version()));
            facts.add(Fact.of("Ground truth granted", l.groundTruthGranted() ? "yes (the harness's Oracle)" : "no"));
        }
        List<SvgChart> charts = new ArrayList<>();
        List<String> seedColumns;
        List<List<String>> seedRows = new ArrayList<>();
        List<String> layerColumns = List.of();
        List<List<String>> layerRows = new ArrayList<>();
        List<Fact> timings;
        if (result instanceof ObjectiveResult o) {
            List<Run[]> runs = o.perSeed().stream().map(s -> new Run[] {s.oracle(), null, s.random()}).toList();
            charts.add(fsRs(anchor, o.seeds(), runs));
            if (result.utility().available()) {
                charts.add(muFq(anchor, o.seeds(), runs));
            }
            boolean attacked = o.perSeed().stream().allMatch(x -> x.oracle().attacks() != null && x.random().attacks() != null);
            seedColumns = new ArrayList<>(List.of("Mask seed", "Testbed hash", "Random region seed", "AUES Oracle", "AUES Random",
                    "MU95 Oracle", "MU95 Random", "FS at α = 1 Oracle", "FS at α = 1 Random"));
            if (attacked) {
                seedColumns.addAll(List.of("AUES Unconstr.", "Update in V_tgt", "FS after 4-bit Oracle / Random",
                        "Held-out ES relearned Oracle / Random / theta_r (before → after)"));
            }
            for (SeedRuns s : o.perSeed()) {
                List<String> cells = new ArrayList<>(List.of(Long.toString(s.maskSeed()), s.testbedHash(), Long.toString(s.randomRegionSeed()),
                        unit(s.oracle().aues()), unit(s.random().aues()), log10(s.oracle().mu95()), log10(s.random().mu95()),
                        unit(BoardMapping.fsAtAlphaOne(s.oracle())), unit(BoardMapping.fsAtAlphaOne(s.random()))));
                if (attacked) {
                    Run free = s.unconstrained();
                    cells.add(free == null ? "–" : unit(free.aues()));
                    cells.add(free == null || free.updateLocalization() == null ? "–" : unit(free.updateLocalization().squaredShareInside()));
                    cells.add(quantized(s.oracle(), 4) + " / " + quantized(s.random(), 4));
                    RelearnedScores ro = s.oracle().attacks().relearning();
                    RelearnedScores rr = s.random().attacks().relearning();
                    cells.add(unit(ro.unlearnedBefore()) + " → " + unit(ro.unlearnedAfter()) + " / " + unit(rr.unlearnedBefore()) + " → "
                            + unit(rr.unlearnedAfter()) + " / " + unit(ro.retrainedBefore()) + " → " + unit(ro.retrainedAfter()));
                }
                seedRows.add(cells);
            }
            ObjectiveTimings t = o.timings();
            timings = List.of(seconds("Total", t.totalSeconds()), seconds("Calibration", t.calibrationSeconds()),
                    seconds("Unlearning", t.unlearningSeconds()), seconds("Mixing evaluation", t.mixingEvaluationSeconds()),
                    seconds("of which generation", t.generationSeconds()), seconds("Statistics", t.statisticsSeconds()));
        } else {
            LocalizerResult l = (LocalizerResult) result;
            if (l.unlearning()) {
                List<Run[]> runs = l.perSeed().stream().map(s -> new Run[] {s.oracle(), s.localized(), s.random()}).toList();
                charts.add(fsRs(anchor, l.seeds(), runs));
                if (result.utility().available()) {
                    charts.add(muFq(anchor, l.seeds(), runs));
                }
            }
            charts.add(perLayer(anchor, l));
            for (LocalizerSeed s : l.perSeed()) {
                charts.add(histogram(anchor, s));
            }
            seedColumns = List.of("Mask seed", "Testbed hash", "|R|", "precision@p", "recall", "AP", "AUROC",
                    "AUES (R)", "AUES Random", "AUES Oracle");
            for (LocalizerSeed s : l.perSeed()) {
                seedRows.add(List.of(Long.toString(s.maskSeed()), s.testbedHash(), Integer.toString(s.regionSize()),
                        unit(s.localization().precision()), unit(s.localization().recall()),
                        unit(s.localization().averagePrecision()), unit(s.localization().auroc()),
                        s.localized() == null ? "–" : unit(s.localized().aues()),
                        s.random() == null ? "–" : unit(s.random().aues()), s.oracle() == null ? "–" : unit(s.oracle().aues())));
            }
            layerColumns = new ArrayList<>();
            layerColumns.add("Mask seed");
            if (!l.perSeed().isEmpty()) {
                for (LayerLocalization layer : l.perSeed().get(0).localization().perLayer()) {
                    layerColumns.add("layer " + layer.layer());
                }
            }
            for (LocalizerSeed s : l.perSeed()) {
                List<String> cells = new ArrayList<>();
                cells.add(Long.toString(s.maskSeed()));
                s.localization().perLayer().forEach(layer -> cells.add(unit(layer.precision())));
                layerRows.add(cells);
            }
            LocalizerTimings t = l.timings();
            timings = List.of(seconds("Total", t.totalSeconds()), seconds("Calibration", t.calibrationSeconds()),
                    seconds("Localization (plugin)", t.localizationSeconds()), seconds("Unlearning", t.unlearningSeconds()),
                    seconds("Mixing evaluation", t.mixingEvaluationSeconds()), seconds("of which generation", t.generationSeconds()),
                    seconds("Statistics", t.statisticsSeconds()));
        }
        List<Fact> calibration = new ArrayList<>();
        List<List<String>> probes = new ArrayList<>();
        Calibration c = result.calibration();
        if (c != null) {
            calibration.add(Fact.of("Learning rate", sci(c.learningRate())));
            calibration.add(Fact.of("Suggested by the plugin", sci(c.suggestedLearningRate())));
            calibration.add(Fact.of("Calibrated", c.calibrated() ? "yes, on mask seed " + c.seed() : "no (fixed on the command line)"));
            if (c.reachedTarget() != null) {
                calibration.add(Fact.of("Reached the FS target", c.reachedTarget() ? "yes" : "no: the largest rate on the grid was used"));
            }
            for (Probe p : c.probes()) {
                probes.add(List.of(sci(p.learningRate()), unit(p.fs())));
            }
        }
        return new ResultView(anchor, family + "/" + model, resultId, result.kind(), facts, headline, charts, seedColumns,
                seedRows, layerColumns, layerRows, calibration, probes, timings, settings(result.settings()));
    }

    /** FS of a run's theta_u after the {@code bits}-bit quantization attack, or a dash without it. */
    private static String quantized(Run run, int bits) {
        return run.attacks().quantization().stream().filter(q -> q.bits() == bits).findFirst().map(q -> unit(q.fs())).orElse("–");
    }

    private static List<Fact> settings(Settings s) {
        List<Fact> out = new ArrayList<>();
        out.add(Fact.of("Mixing coefficients", s.alphas().size() + " (" + unit(s.alphas().get(0)) + " … "
                + unit(s.alphas().get(s.alphas().size() - 1)) + ")"));
        out.add(Fact.of("Epochs (at least)", Integer.toString(s.epochs())));
        out.add(Fact.of("Unlearning steps (at least)", Integer.toString(s.minSteps())));
        out.add(Fact.of("Batch size", Integer.toString(s.batchSize())));
        out.add(Fact.of("Weight decay", Double.toString(s.weightDecay())));
        out.add(Fact.of("Calibration target FS", unit(s.calibrationTargetFs())));
        out.add(Fact.of("Calibration grid factor", Double.toString(s.calibrationGridFactor())));
        for (Map.Entry<String, String> option : s.options().entrySet()) {
            out.add(Fact.of("Option " + option.getKey(), option.getValue()));
        }
        AttackSettings a = s.attacks();
        if (a != null) {
            out.add(Fact.of("Quantization attacks", join(a.quantizationBits(), b -> b + "-bit") + ", " + a.quantizationGroupSize()
                    + " input rows per scale, symmetric round-to-nearest"));
            out.add(Fact.of("Relearning attack", String.format(java.util.Locale.ROOT,
                    "%.0f %% of the forget set (chosen by the mask seed), %d passes, batch %d, rate %s", 100 * a.relearningFraction(),
                    a.relearningEpochs(), a.relearningBatchSize(), sci(a.relearningRate()))));
        }
        return out;
    }

    /** FS–RS curves of every seed: Oracle, localized (if any) and Random, AUES the shaded area under each. */
    static SvgChart fsRs(String anchor, List<Long> seeds, List<Run[]> runs) {
        StringBuilder words = new StringBuilder("Retain score against forget score along the mixing sweep, one line per seed "
                + "and region. AUES per seed: ");
        SvgChart chart = SvgChart.of(anchor + "-fs-rs", "FS–RS curves", "", "Forget Score (FS)", "Retain Score (RS)")
                .withRanges(new double[] {0, 1}, new double[] {0, 1});
        for (int i = 0; i < runs.size(); i++) {
            Run[] r = runs.get(i);
            words.append("seed ").append(seeds.get(i)).append(": ");
            String[] names = {"Oracle", "R", "Random"};
            String[] colours = {ORACLE, LOCALIZED, RANDOM};
            for (int k = 0; k < 3; k++) {
                if (r[k] == null) {
                    continue;
                }
                chart = chart.with(new SvgChart.Series(names[k] + " seed " + seeds.get(i), colours[k], k == 2, true,
                        r[k].curve().stream().map(p -> new double[] {p.fs(), p.rs()}).toList()));
                words.append(names[k]).append(' ').append(unit(r[k].aues())).append(k < 2 ? ", " : "; ");
            }
        }
        chart = chart.withLegend("Oracle (V_tgt)", ORACLE, false);
        if (runs.stream().anyMatch(r -> r[1] != null)) {
            chart = chart.withLegend("Localized region R", LOCALIZED, false);
        }
        chart = chart.withLegend("Random region", RANDOM, true);
        return describe(chart, words.toString());
    }

    /** MU against log10 FQ along the sweep, with the 95 %-of-theta_o MU line and the mean MU95 of each region. */
    static SvgChart muFq(String anchor, List<Long> seeds, List<Run[]> runs) {
        SvgChart chart = SvgChart.of(anchor + "-mu-fq", "MU–FQ curves", "", "log10 Forget Quality", "Model Utility (MU)");
        double threshold = 0;
        int n = 0;
        double[] mu95 = new double[3];
        int[] counted = new int[3];
        String[] names = {"Oracle", "R", "Random"};
        String[] colours = {ORACLE, LOCALIZED, RANDOM};
        for (int i = 0; i < runs.size(); i++) {
            Run[] r = runs.get(i);
            for (int k = 0; k < 3; k++) {
                if (r[k] == null) {
                    continue;
                }
                List<double[]> points = new ArrayList<>();
                for (CurvePoint p : r[k].curve()) {
                    if (p.mu() != null && p.log10Fq() != null) {
                        points.add(new double[] {p.log10Fq(), p.mu()});
                    }
                }
                chart = chart.with(new SvgChart.Series(names[k] + " seed " + seeds.get(i), colours[k], k == 2, false, points));
                CurvePoint first = r[k].curve().get(0);
                if (first.mu() != null) {
                    threshold += 0.95 * first.mu();
                    n++;
                }
                if (r[k].mu95() != null) {
                    mu95[k] += r[k].mu95();
                    counted[k]++;
                }
            }
        }
        StringBuilder words = new StringBuilder("Model Utility against log10 Forget Quality along the mixing sweep, one line per "
                + "seed and region.");
        if (n > 0) {
            chart = chart.with(new SvgChart.Rule(true, threshold / n, "95 % of θo's MU", "#6b7280"));
            words.append(String.format(Locale.ROOT, " The dashed grey line is 95 %% of the original model's MU (%.3f on average).",
                    threshold / n));
        }
        for (int k = 0; k < 3; k++) {
            if (counted[k] > 0) {
                double mean = mu95[k] / counted[k];
                chart = chart.with(new SvgChart.Rule(false, mean, "MU95 " + names[k], colours[k]));
                words.append(String.format(Locale.ROOT, " Mean MU95 %s: %.2f.", names[k], mean));
            }
        }
        chart = chart.withLegend("Oracle (V_tgt)", ORACLE, false);
        if (runs.stream().anyMatch(r -> r[1] != null)) {
            chart = chart.withLegend("Localized region R", LOCALIZED, false);
        }
        chart = chart.withLegend("Random region", RANDOM, true);
        return describe(chart, words.toString());
    }

    /** Precision of the localizer's region per layer, one line per seed. */
    static SvgChart perLayer(String anchor, LocalizerResult l) {
        SvgChart chart = SvgChart.of(anchor + "-layers", "Precision per layer", "", "layer", "precision@p")
                .withRanges(null, new double[] {0, 1});
        StringBuilder words = new StringBuilder("Share of the region R inside V_tgt, per layer and seed. ");
        for (LocalizerSeed s : l.perSeed()) {
            List<double[]> points = new ArrayList<>();
            words.append("seed ").append(s.maskSeed()).append(':');
            for (LayerLocalization layer : s.localization().perLayer()) {
                if (layer.precision() != null) {
                    points.add(new double[] {layer.layer(), layer.precision()});
                    words.append(" layer ").append(layer.layer()).append(' ').append(unit(layer.precision()));
                }
            }
            words.append("; ");
            chart = chart.with(new SvgChart.Series("seed " + s.maskSeed(), LOCALIZED, false, false, points));
        }
        chart = chart.withLegend("one line per seed", LOCALIZED, false);
        if (l.perSeed().stream().allMatch(s -> s.localization().perLayer().size() < 2)) {
            chart = chart.withRanges(new double[] {-0.5, 0.5}, new double[] {0, 1});
        }
        return describe(chart, words.toString());
    }

    /** The localizer's scores inside and outside V_tgt for one seed, as shares of each group per bin. */
    static SvgChart histogram(String anchor, LocalizerSeed s) {
        ScoreDistribution d = s.scoreDistribution();
        SvgChart chart = SvgChart.of(anchor + "-scores-" + s.maskSeed(), "Scores, seed " + s.maskSeed(), "", "score",
                "share of value vectors").withRanges(new double[] {d.min(), d.max() > d.min() ? d.max() : d.min() + 1}, null);
        chart = chart.with(new SvgChart.Series("inside V_tgt", ORACLE, false, true, steps(d, d.inRegion())));
        chart = chart.with(new SvgChart.Series("outside V_tgt", RANDOM, true, true, steps(d, d.outOfRegion())));
        chart = chart.withLegend("inside V_tgt", ORACLE, false).withLegend("outside V_tgt", RANDOM, true);
        return describe(chart, String.format(Locale.ROOT,
                "Histogram of the localizer's scores in %d bins from %.4g to %.4g: inside V_tgt mean %s, outside mean %s.",
                d.bins(), d.min(), d.max(), d.inRegionMean() == null ? "–" : String.format(Locale.ROOT, "%.4g", d.inRegionMean()),
                d.outOfRegionMean() == null ? "–" : String.format(Locale.ROOT, "%.4g", d.outOfRegionMean())));
    }

    /** A step outline of bin shares: each bin is a flat segment at its share. */
    private static List<double[]> steps(ScoreDistribution d, List<Integer> counts) {
        int total = counts.stream().mapToInt(Integer::intValue).sum();
        int bins = counts.size();
        double width = (d.max() > d.min() ? d.max() - d.min() : 1) / bins;
        List<double[]> points = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            double share = total == 0 ? 0 : counts.get(b) / (double) total;
            points.add(new double[] {d.min() + b * width, share});
            points.add(new double[] {d.min() + (b + 1) * width, share});
        }
        return points;
    }

    private static SvgChart describe(SvgChart chart, String words) {
        return chart.withDescription(words.trim());
    }

    static String unit(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String log10(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String sci(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static Fact seconds(String label, double s) {
        return Fact.of(label, String.format(Locale.ROOT, "%.1f s", s));
    }

    private static <T> String join(List<T> values, Function<T, String> text) {
        return String.join(", ", values.stream().map(text).toList());
    }
}
