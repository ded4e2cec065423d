package dev.lacuna.engine.protocol;

import dev.lacuna.engine.job.GroundTruthScorer;
import dev.lacuna.engine.job.OutcomeCheck;
import dev.lacuna.engine.job.PluginJob;
import dev.lacuna.engine.job.PluginRuntime;
import dev.lacuna.engine.metrics.FsRsPoint;
import dev.lacuna.engine.metrics.Localization;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.protocol.LocalizerResult.Gap;
import dev.lacuna.engine.protocol.LocalizerResult.ScoreDistribution;
import dev.lacuna.engine.protocol.LocalizerResult.SeedOutcome;
import dev.lacuna.engine.protocol.LocalizerResult.Summary;
import dev.lacuna.engine.protocol.LocalizerResult.Timings;
import dev.lacuna.engine.protocol.ProtocolResult.Calibration;
import dev.lacuna.engine.protocol.ProtocolResult.MeanSd;
import dev.lacuna.engine.protocol.ProtocolResult.Run;
import dev.lacuna.engine.stats.AuesPermutationTest;
import dev.lacuna.engine.stats.GapTestResult;
import dev.lacuna.engine.stats.Mu95BootstrapTest;
import java.util.ArrayList;
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
        this.config = config;
        this.progress = progress == null ? (stage, seed, done, total, fraction) -> { } : progress;
        this.sweeps = new ObjectiveProtocol(config, this.progress);
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
        double suggested = ObjectiveProtocol.suggestedRate(reference);
        Calibration calibration = fixedLearningRate == null ? sweeps.calibrate(reference, seeds.get(0), suggested)
                : Calibration.fixed(fixedLearningRate, seeds.get(0).maskSeed(), suggested);
        double calibrationSeconds = (System.nanoTime() - start) / 1e9;
        boolean utility = ObjectiveProtocol.utilityAvailable(seeds);
        double rate = calibration.learningRate();
        Localized localized = localize(plugin, seeds);
        List<SweepExecutor.Job> jobs = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            jobs.add(new SweepExecutor.Job(i, "localized", localized.regions().get(i), rate));
            jobs.add(new SweepExecutor.Job(i, "oracle", seeds.get(i).target(), rate));
            jobs.add(new SweepExecutor.Job(i, "random", seeds.get(i).randomRegion(), rate));
        }
        List<SweepExecutor.Outcome> done = sweeps.runSweeps(executor == null ? sweeps.inProcess(reference, seeds) : executor, jobs);
        List<SeedOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            outcomes.add(localized.outcome(i, seeds.get(i), done.get(3 * i).run(), done.get(3 * i + 1).run(),
                    done.get(3 * i + 2).run()));
        }
        long statisticsStart = System.nanoTime();
        progress.report("statistics", seeds.get(0).maskSeed(), 0, 1, 1.0);
        Summary summary = summarise(outcomes, utility, seeds.get(0).target().layers());
        double statistics = (System.nanoTime() - statisticsStart) / 1e9;
        String note = utility ? "MU and FQ computed on every point"
                : "MU, FQ and MU95 are null: the testbed's data has no paraphrased/perturbed answers or utility sets";
        return new LocalizerResult(plugin.name(), plugin.version(), plugin.sha256(), testbedId, reference, plugin.groundTruth(),
                outcomes, calibration, summary, utility, note, config,
                new Timings((System.nanoTime() - start) / 1e9, calibrationSeconds, localized.seconds(), sweeps.unlearningSeconds(),
                        sweeps.scoringSeconds(), sweeps.generationSeconds(), statistics), plugin.runtime().sandboxed());
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
        List<SeedOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            outcomes.add(localized.outcome(i, seeds.get(i), null, null, null));
        }
        Summary summary = summarise(outcomes, false, seeds.get(0).target().layers());
        return new LocalizerResult(plugin.name(), plugin.version(), plugin.sha256(), testbedId, reference, plugin.groundTruth(),
                outcomes, null, summary, false, "localization only: no unlearning ran, so AUES, MU95, MU and FQ are null",
                config, new Timings((System.nanoTime() - start) / 1e9, 0, localized.seconds(), 0, 0, 0, 0),
                plugin.runtime().sandboxed());
    }

    private static void requireSeeds(List<SeedTestbed> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("the protocol needs at least one seed");
        }
    }

    /** Per seed: the localizer's region and how it compares with V_tgt. */
    private record Localized(List<Region> regions, List<Localization.Report> reports, List<ScoreDistribution> distributions,
                             double seconds) {

        SeedOutcome outcome(int i, SeedTestbed seed, Run localized, Run oracle, Run random) {
            return new SeedOutcome(seed.maskSeed(), seed.hash(), seed.randomRegionSeed(), regions.get(i).size(),
                    reports.get(i), distributions.get(i), localized, oracle, random);
        }
    }

    private Localized localize(Plugin plugin, List<SeedTestbed> seeds) {
        double seconds = 0;
        List<Region> regions = new ArrayList<>();
        List<Localization.Report> reports = new ArrayList<>();
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
            reports.add(Localization.evaluate(scores, localized, truth));
            distributions.add(ScoreDistribution.of(scores, truth.flags(), HISTOGRAM_BINS));
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

    private Summary summarise(List<SeedOutcome> outcomes, boolean utility, int layers) {
        Function<Function<Localization.Scores, Double>, MeanSd> overall = metric -> MeanSd.of(outcomes.stream()
                .map(o -> metric.apply(o.localization().overall())).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray());
        List<Double> perLayer = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int layer = l;
            double[] values = outcomes.stream().map(o -> o.localization().perLayer().get(layer).precision())
                    .filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
            perLayer.add(values.length == 0 ? null : MeanSd.of(values).mean());
        }
        boolean unlearned = outcomes.get(0).localized() != null;
        Gap auesVsRandom = unlearned ? auesGap(outcomes, SeedOutcome::localized, SeedOutcome::random) : null;
        Gap auesVsOracle = unlearned ? auesGap(outcomes, SeedOutcome::localized, SeedOutcome::oracle) : null;
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
                    Mu95BootstrapTest.test(r, random, config.permutations(), config.statisticsSeed()).pValue());
            mu95VsOracle = new Gap(mu95Localized.mean() - mu95Oracle.mean(),
                    Mu95BootstrapTest.test(r, oracle, config.permutations(), config.statisticsSeed()).pValue());
        }
        return new Summary(overall.apply(Localization.Scores::precision), overall.apply(Localization.Scores::recall),
                overall.apply(Localization.Scores::averagePrecision), overall.apply(Localization.Scores::auroc), perLayer,
                aues(outcomes, SeedOutcome::localized), aues(outcomes, SeedOutcome::random), aues(outcomes, SeedOutcome::oracle),
                auesVsRandom, auesVsOracle, mu95Localized, mu95Random, mu95Oracle, mu95VsRandom, mu95VsOracle,
                config.permutations(), config.statisticsSeed());
    }

    private static MeanSd aues(List<SeedOutcome> outcomes, Function<SeedOutcome, Run> run) {
        if (run.apply(outcomes.get(0)) == null) {
            return null;
        }
        return MeanSd.of(outcomes.stream().mapToDouble(o -> run.apply(o).aues()).toArray());
    }

    private Gap auesGap(List<SeedOutcome> outcomes, Function<SeedOutcome, Run> first, Function<SeedOutcome, Run> second) {
        GapTestResult test = AuesPermutationTest.test(curves(outcomes, first), curves(outcomes, second),
                config.permutations(), config.statisticsSeed());
        return new Gap(aues(outcomes, first).mean() - aues(outcomes, second).mean(), test.pValue());
    }

    private static List<List<FsRsPoint>> curves(List<SeedOutcome> outcomes, Function<SeedOutcome, Run> run) {
        return outcomes.stream()
                .map(o -> run.apply(o).curve().stream().map(p -> new FsRsPoint(p.fs(), p.rs())).toList())
                .toList();
    }
}
