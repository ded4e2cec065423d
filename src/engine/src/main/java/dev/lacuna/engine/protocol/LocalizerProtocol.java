package dev.lacuna.engine.protocol;

import dev.lacuna.engine.job.GroundTruthScorer;
import dev.lacuna.engine.job.OutcomeCheck;
import dev.lacuna.engine.job.PluginJob;
import dev.lacuna.engine.job.PluginRuntime;
import dev.lacuna.engine.metrics.FsRsPoint;
import dev.lacuna.engine.metrics.Localization;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.stats.AuesPermutationTest;
import dev.lacuna.engine.stats.GapTestResult;
import dev.lacuna.engine.stats.Mu95BootstrapTest;
import dev.lacuna.results.Calibration;
import dev.lacuna.results.LayerLocalization;
import dev.lacuna.results.LocalizationReport;
import dev.lacuna.results.LocalizerResult;
import dev.lacuna.results.LocalizerSeed;
import dev.lacuna.results.LocalizerSummary;
import dev.lacuna.results.LocalizerTimings;
import dev.lacuna.results.Run;
import dev.lacuna.results.ScoreDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The localizer protocol of DESIGN 6: for each mask seed the localizer scores theta_o's value vectors, the
 * top scores (as many as V_tgt holds, ties in index order) form its region R, and R is compared with V_tgt
 * (precision, recall, AP, AUROC, per layer). The reference objective then unlearns inside R, inside V_tgt
 * (Oracle) and inside a random region of the same size outside V_tgt (Random), at one learning rate
 * calibrated on the Oracle region of the first seed, exactly as the objective protocol does; AUES and MU95
 * of R are tested against Random and against Oracle.
 */
public final class LocalizerProtocol {

    /** Bins of the per-seed score histograms. */
    static final int HISTOGRAM_BINS = 20;

    /**
     * The localizer under test, where its code runs, and what results record about it. The harness's Oracle
     * reference is a {@link GroundTruthScorer} here, never plugin code.
     */
    public record Plugin(PluginRuntime runtime, String name, String version, String sha256) {

        /** Whether this is the harness's Oracle reference, which reads V_tgt itself. */
        public boolean groundTruth() {
            return runtime instanceof GroundTruthScorer;
        }
    }

    private final ProtocolConfig config;
    private final ObjectiveProtocol.Progress progress;
    private final ObjectiveProtocol sweeps;

    public LocalizerProtocol(ProtocolConfig config, ObjectiveProtocol.Progress progress) {
        this(config, progress, null);
    }

    /** @param store where the reference objective's calibration and sweeps are kept and found again; null keeps nothing */
    public LocalizerProtocol(ProtocolConfig config, ObjectiveProtocol.Progress progress, RunStore store) {
        this.config = config;
        this.progress = progress == null ? (stage, seed, done, total, fraction) -> { } : progress;
        this.sweeps = new ObjectiveProtocol(config, this.progress, store);
    }

    /**
     * @param reference         the objective that unlearns in every region (NPO, beta 0.5, by default)
     * @param fixedLearningRate a rate to use instead of calibrating; null calibrates on the first seed
     * @param executor          where the unlearning sweeps run ({@code null}: in this process)
     */
    public LocalizerResult run(Plugin plugin, ObjectiveProtocol.Plugin reference, String testbedId, List<SeedTestbed> seeds,
                               Double fixedLearningRate, SweepExecutor executor) {
        requireSeeds(seeds);
        long start = System.nanoTime();
        RunStore.Kept<Calibration> calibrated = sweeps.calibration(reference, seeds.get(0), fixedLearningRate);
        Calibration calibration = calibrated.value();
        double calibrationSeconds = calibrated.seconds();
        boolean utility = ObjectiveProtocol.utilityAvailable(seeds);
        double rate = calibration.learningRate();
        Localized localized = localize(plugin, seeds);
        List<SweepExecutor.Job> jobs = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            jobs.add(new SweepExecutor.Job(i, "localized", localized.regions().get(i), rate));
            jobs.add(new SweepExecutor.Job(i, "oracle", seeds.get(i).target(), rate));
            jobs.add(new SweepExecutor.Job(i, "random", seeds.get(i).randomRegion(), rate));
        }
        List<SweepExecutor.Outcome> done = sweeps.runSweeps(executor == null ? sweeps.inProcess(reference, seeds) : executor, jobs, reference,
                seeds);
        List<LocalizerSeed> outcomes = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            outcomes.add(localized.outcome(i, seeds.get(i), done.get(3 * i).run(), done.get(3 * i + 1).run(),
                    done.get(3 * i + 2).run()));
        }
        progress.report("statistics", seeds.get(0).maskSeed(), 0, 1, 1.0);
        return assemble(recorded(plugin), reference.recorded(), plugin.groundTruth(), plugin.runtime().sandboxed(), testbedId, config,
                calibration, outcomes, utility, calibrationSeconds, localized.seconds(), sweeps.unlearningSeconds(),
                sweeps.scoringSeconds(), sweeps.generationSeconds(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The result of a localizer's per-seed entries, each with its three runs: the summary statistics and the record
     * around them. The one place such a result is put together, whether the sweeps ran here, in child processes or on
     * platform workers. {@code seconds} is the wall time before the statistics, which are timed here and added.
     */
    public static LocalizerResult assemble(dev.lacuna.results.Plugin plugin, dev.lacuna.results.Plugin reference,
                                           boolean groundTruth, boolean sandboxed, String testbedId, ProtocolConfig config,
                                           Calibration calibration, List<LocalizerSeed> outcomes, boolean utility,
                                           double calibrationSeconds, double localizationSeconds, double unlearningSeconds,
                                           double scoringSeconds, double generationSeconds, double seconds) {
        long statisticsStart = System.nanoTime();
        LocalizerSummary summary = summary(outcomes, utility, config.permutations(), config.statisticsSeed());
        double statistics = (System.nanoTime() - statisticsStart) / 1e9;
        return LocalizerResult.of(summary, plugin, reference, groundTruth, calibration != null, testbedId, StoredTestbeds.DEVICE,
                StoredTestbeds.DTYPE, sandboxed, ObjectiveProtocol.utility(utility), config.recorded(), calibration, outcomes,
                new LocalizerTimings(seconds + statistics, calibrationSeconds, localizationSeconds, unlearningSeconds,
                        scoringSeconds, generationSeconds, statistics));
    }

    /** How a result names the plugin under test. */
    static dev.lacuna.results.Plugin recorded(Plugin plugin) {
        return new dev.lacuna.results.Plugin(plugin.name(), plugin.version(), plugin.sha256());
    }

    /**
     * One seed's localization, alone, as a platform worker runs it: the localizer's region R (top scores, as many as
     * V_tgt holds), its comparison with V_tgt and the score distribution, exactly as {@link #run} computes them.
     */
    public static SeedLocalization localizeSeed(ProtocolConfig config, Plugin plugin, SeedTestbed seed) {
        LocalizerProtocol protocol = new LocalizerProtocol(config, null);
        Localized one = protocol.localize(plugin, List.of(seed));
        return new SeedLocalization(one.regions().get(0), one.reports().get(0), one.distributions().get(0), one.seconds());
    }

    /** A seed's localization: the region the sweeps unlearn in and what the result records of it. */
    public record SeedLocalization(Region region, LocalizationReport report, ScoreDistribution distribution, double seconds) {

        /** The seed's entry of a result, with its three runs (null without unlearning). */
        public LocalizerSeed entry(long maskSeed, String testbedHash, long randomRegionSeed, Run localized, Run oracle, Run random) {
            return new LocalizerSeed(maskSeed, testbedHash, randomRegionSeed, region.size(), report, distribution, localized, oracle,
                    random);
        }
    }

    /**
     * The localization half alone: scores, region R and its precision, recall, AP, AUROC and score
     * distribution per seed, without calibration or unlearning. Seconds instead of the hours the unlearning
     * sweeps take on a TOFU-size testbed, for iterating on a localizer; the result's unlearning fields are
     * null and it says so.
     */
    public LocalizerResult localizeOnly(Plugin plugin, ObjectiveProtocol.Plugin reference, String testbedId, List<SeedTestbed> seeds) {
        requireSeeds(seeds);
        long start = System.nanoTime();
        Localized localized = localize(plugin, seeds);
        List<LocalizerSeed> outcomes = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            outcomes.add(localized.outcome(i, seeds.get(i), null, null, null));
        }
        LocalizerSummary summary = summary(outcomes, false, config.permutations(), config.statisticsSeed());
        return result(plugin, reference, testbedId, outcomes, null, summary,
                new dev.lacuna.results.Utility(false, "localization only: no unlearning ran, so AUES, MU95, MU and FQ are null"),
                new LocalizerTimings((System.nanoTime() - start) / 1e9, 0, localized.seconds(), 0, 0, 0, 0));
    }

    private LocalizerResult result(Plugin plugin, ObjectiveProtocol.Plugin reference, String testbedId, List<LocalizerSeed> outcomes,
                                   Calibration calibration, LocalizerSummary summary, dev.lacuna.results.Utility utility,
                                   LocalizerTimings timings) {
        return LocalizerResult.of(summary, new dev.lacuna.results.Plugin(plugin.name(), plugin.version(), plugin.sha256()),
                reference.recorded(), plugin.groundTruth(), calibration != null, testbedId, StoredTestbeds.DEVICE,
                StoredTestbeds.DTYPE, plugin.runtime().sandboxed(), utility, config.recorded(), calibration, outcomes, timings);
    }

    private static void requireSeeds(List<SeedTestbed> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("the protocol needs at least one seed");
        }
    }

    /** Per seed: the localizer's region and how it compares with V_tgt. */
    private record Localized(List<Region> regions, List<LocalizationReport> reports, List<ScoreDistribution> distributions,
                             double seconds) {

        LocalizerSeed outcome(int i, SeedTestbed seed, Run localized, Run oracle, Run random) {
            return new LocalizerSeed(seed.maskSeed(), seed.hash(), seed.randomRegionSeed(), regions.get(i).size(),
                    reports.get(i), distributions.get(i), localized, oracle, random);
        }
    }

    private Localized localize(Plugin plugin, List<SeedTestbed> seeds) {
        double seconds = 0;
        List<Region> regions = new ArrayList<>();
        List<LocalizationReport> reports = new ArrayList<>();
        List<ScoreDistribution> distributions = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            SeedTestbed seed = seeds.get(i);
            progress.report("localizing", seed.maskSeed(), i, seeds.size(), 0);
            long t0 = System.nanoTime();
            float[] scores = scores(plugin, seed);
            seconds += (System.nanoTime() - t0) / 1e9;
            Region truth = seed.target();
            Region localized = Localization.top(scores, truth.layers(), truth.dFf(), truth.size());
            regions.add(localized);
            reports.add(recorded(Localization.evaluate(scores, localized, truth)));
            distributions.add(distribution(scores, truth.flags(), HISTOGRAM_BINS));
        }
        return new Localized(regions, reports, distributions, seconds);
    }

    /** The localizer's scores of one seed's theta_o, from a job that holds the items and nothing of V_tgt. */
    private float[] scores(Plugin plugin, SeedTestbed seed) {
        int[] specials = {seed.tokenizer().padId(), seed.tokenizer().bosId(), seed.tokenizer().eosId()};
        double fraction = (double) seed.target().size() / (seed.target().layers() * seed.target().dFf());
        PluginJob.Localize job = new PluginJob.Localize(ObjectiveProtocol.newJobId(), plugin.sha256(), seed.hash(),
                seed.thetaO().config(), seed.data().forget(), seed.data().retain(), seed.data().padId(), specials,
                seed.maskSeed(), fraction, config.options());
        return OutcomeCheck.scores(job, plugin.runtime().run(job, seed.inputs(), null), plugin.name());
    }

    /** A localization report as results record it. */
    static LocalizationReport recorded(Localization.Report report) {
        List<LayerLocalization> layers = new ArrayList<>();
        for (int l = 0; l < report.perLayer().size(); l++) {
            Localization.Scores s = report.perLayer().get(l);
            layers.add(new LayerLocalization(l, s.precision(), s.recall(), s.averagePrecision(), s.auroc()));
        }
        Localization.Scores o = report.overall();
        return new LocalizationReport(o.precision(), o.recall(), o.averagePrecision(), o.auroc(), layers);
    }

    /**
     * How the scores of one seed are spread inside and outside V_tgt: {@code bins} equal-width bins between the
     * lowest and the highest score (one bin when all scores are equal), and each side's mean and sd.
     */
    static ScoreDistribution distribution(float[] scores, boolean[] truth, int bins) {
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
        MeanSd inside = inScores.length == 0 ? null : MeanSd.of(inScores);
        MeanSd outside = outScores.length == 0 ? null : MeanSd.of(outScores);
        return new ScoreDistribution(min, max, n, Arrays.stream(in).boxed().toList(), Arrays.stream(out).boxed().toList(),
                MeanSd.mean(inside), MeanSd.sd(inside), MeanSd.mean(outside), MeanSd.sd(outside));
    }

    /** A gap between two groups of runs: mean difference (first minus second) and its p-value. */
    private record Gap(double delta, double p) {

        static Double delta(Gap gap) {
            return gap == null ? null : gap.delta();
        }

        static Double p(Gap gap) {
            return gap == null ? null : gap.p();
        }
    }

    /**
     * The summary of a localizer's per-seed entries: means (and sds) over seeds of precision@p, recall, AP, AUROC
     * and per-layer precision; when the entries hold runs, AUES of the localized, Random and Oracle runs with the
     * signed gaps localized minus Random (Oracle) and their permutation tests, and with utility data and MU95 in
     * every run the same for MU95 with the bootstrap test. A pure function of the entries and the tests' rounds
     * and seed, so a published summary can be recomputed from its file.
     */
    public static LocalizerSummary summary(List<LocalizerSeed> outcomes, boolean utility, int permutations, long statisticsSeed) {
        Function<Function<LocalizationReport, Double>, MeanSd> overall = metric -> MeanSd.of(outcomes.stream()
                .map(o -> metric.apply(o.localization())).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray());
        int layers = outcomes.get(0).localization().perLayer().size();
        List<Double> perLayer = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int layer = l;
            double[] values = outcomes.stream().map(o -> o.localization().perLayer().get(layer).precision())
                    .filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
            perLayer.add(values.length == 0 ? null : MeanSd.of(values).mean());
        }
        boolean unlearned = outcomes.get(0).localized() != null;
        Gap auesVsRandom = unlearned ? auesGap(outcomes, LocalizerSeed::localized, LocalizerSeed::random, permutations, statisticsSeed)
                : null;
        Gap auesVsOracle = unlearned ? auesGap(outcomes, LocalizerSeed::localized, LocalizerSeed::oracle, permutations, statisticsSeed)
                : null;
        MeanSd mu95Localized = null;
        MeanSd mu95Random = null;
        MeanSd mu95Oracle = null;
        Gap mu95VsRandom = null;
        Gap mu95VsOracle = null;
        boolean mu95Everywhere = utility && outcomes.stream().allMatch(o -> o.localized().mu95() != null
                && o.random().mu95() != null && o.oracle().mu95() != null);
        if (mu95Everywhere) {
            double[] r = outcomes.stream().mapToDouble(o -> o.localized().mu95()).toArray();
            double[] random = outcomes.stream().mapToDouble(o -> o.random().mu95()).toArray();
            double[] oracle = outcomes.stream().mapToDouble(o -> o.oracle().mu95()).toArray();
            mu95Localized = MeanSd.of(r);
            mu95Random = MeanSd.of(random);
            mu95Oracle = MeanSd.of(oracle);
            mu95VsRandom = new Gap(mu95Localized.mean() - mu95Random.mean(),
                    Mu95BootstrapTest.test(r, random, permutations, statisticsSeed).pValue());
            mu95VsOracle = new Gap(mu95Localized.mean() - mu95Oracle.mean(),
                    Mu95BootstrapTest.test(r, oracle, permutations, statisticsSeed).pValue());
        }
        MeanSd precision = overall.apply(LocalizationReport::precision);
        MeanSd auroc = overall.apply(LocalizationReport::auroc);
        MeanSd auesLocalized = aues(outcomes, LocalizerSeed::localized);
        MeanSd auesRandom = aues(outcomes, LocalizerSeed::random);
        MeanSd auesOracle = aues(outcomes, LocalizerSeed::oracle);
        return new LocalizerSummary(precision.mean(), overall.apply(LocalizationReport::recall).mean(),
                overall.apply(LocalizationReport::averagePrecision).mean(), auroc.mean(), MeanSd.mean(auesLocalized),
                MeanSd.mean(auesRandom), MeanSd.mean(auesOracle), Gap.delta(auesVsRandom), Gap.p(auesVsRandom),
                Gap.delta(auesVsOracle), Gap.p(auesVsOracle), MeanSd.mean(mu95Localized), MeanSd.mean(mu95Random),
                MeanSd.mean(mu95Oracle), Gap.delta(mu95VsRandom), Gap.p(mu95VsRandom), Gap.delta(mu95VsOracle), Gap.p(mu95VsOracle),
                precision.sd(), auroc.sd(), MeanSd.sd(auesLocalized), MeanSd.sd(auesRandom), MeanSd.sd(auesOracle), perLayer,
                permutations, statisticsSeed);
    }

    private static MeanSd aues(List<LocalizerSeed> outcomes, Function<LocalizerSeed, Run> run) {
        if (run.apply(outcomes.get(0)) == null) {
            return null;
        }
        return MeanSd.of(outcomes.stream().mapToDouble(o -> run.apply(o).aues()).toArray());
    }

    private static Gap auesGap(List<LocalizerSeed> outcomes, Function<LocalizerSeed, Run> first, Function<LocalizerSeed, Run> second,
                               int permutations, long statisticsSeed) {
        GapTestResult test = AuesPermutationTest.test(curves(outcomes, first), curves(outcomes, second), permutations, statisticsSeed);
        return new Gap(aues(outcomes, first).mean() - aues(outcomes, second).mean(), test.pValue());
    }

    private static List<List<FsRsPoint>> curves(List<LocalizerSeed> outcomes, Function<LocalizerSeed, Run> run) {
        return outcomes.stream()
                .map(o -> run.apply(o).curve().stream().map(p -> new FsRsPoint(p.fs(), p.rs())).toList())
                .toList();
    }
}
