package dev.lacuna.engine.protocol;

import dev.lacuna.engine.attack.Relearning;
import dev.lacuna.engine.attack.WeightQuantization;
import dev.lacuna.engine.metrics.Aues;
import dev.lacuna.engine.metrics.Localization;
import dev.lacuna.engine.metrics.UpdateLocalization;
import dev.lacuna.engine.stats.PairedPermutationTest;
import dev.lacuna.results.AttackSettings;
import dev.lacuna.results.Attacks;
import dev.lacuna.results.LayerUpdate;
import dev.lacuna.results.QuantizedScores;
import dev.lacuna.results.RelearnedScores;
import dev.lacuna.results.ResurfacingGap;
import dev.lacuna.results.UpdateLocalizationReport;
import dev.lacuna.engine.metrics.ForgetQuality;
import dev.lacuna.engine.metrics.FsRsPoint;
import dev.lacuna.engine.metrics.Mu95;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.stats.AuesPermutationTest;
import dev.lacuna.engine.stats.GapTestResult;
import dev.lacuna.engine.stats.Mu95BootstrapTest;
import dev.lacuna.engine.job.JobExecution;
import dev.lacuna.engine.job.OutcomeCheck;
import dev.lacuna.engine.job.PluginJob;
import dev.lacuna.engine.job.PluginRuntime;
import dev.lacuna.engine.model.RegionRows;
import dev.lacuna.results.Calibration;
import dev.lacuna.results.CurvePoint;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.ObjectiveSummary;
import dev.lacuna.results.ObjectiveTimings;
import dev.lacuna.results.Run;
import dev.lacuna.results.SeedRuns;
import dev.lacuna.results.Utility;
import dev.lacuna.spi.PluginKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The objective protocol of DESIGN 6. For each mask seed the objective unlearns theta_o confined to V_tgt
 * (Oracle) and to an equal-size random region outside it (Random), both at one learning rate calibrated
 * on the first seed; each unlearned model is mixed with theta_o over the alphas and scored at every point.
 * AUES and MU95 per run are aggregated over seeds and compared with the seeded permutation and bootstrap
 * tests. Nothing here is random except through recorded seeds, so equal inputs give equal numbers.
 */
public final class ObjectiveProtocol {

    /** Progress of the evaluation: the stage, the seed, work done and total in that stage. */
    @FunctionalInterface
    public interface Progress {
        void report(String stage, long seed, int done, int total, double fractionOfMainPhase);
    }

    /** The plugin under test, where its code runs, and what results record about it. */
    public record Plugin(PluginRuntime runtime, String name, String version, String sha256) {

        /** The plugin as a result names it. */
        public dev.lacuna.results.Plugin recorded() {
            return new dev.lacuna.results.Plugin(name, version, sha256);
        }
    }

    /** What {@code utility.note} says: whether MU, FQ and MU95 could be computed. */
    static Utility utility(boolean available) {
        return new Utility(available, available ? "MU and FQ computed on every point"
                : "MU, FQ and MU95 are null: the testbed's data has no paraphrased/perturbed answers or utility sets");
    }

    /**
     * The scenario with every value vector trainable (issue 16): where an objective free to change anything puts its
     * update. It runs at the rate calibrated on Oracle, like Random, so the three scenarios differ only in where the
     * update may go, not in how hard it pushes.
     */
    public static final String UNCONSTRAINED = "unconstrained";

    /** The unconstrained scenario's region: every value vector of the seed's model. */
    public static Region everything(SeedTestbed seed) {
        return Region.all(seed.target().layers(), seed.target().dFf());
    }

    private final ProtocolConfig config;
    private final Progress progress;
    private final RunStore store;
    /** theta_o's scores and theta_r's forget truth ratios by testbed hash, computed once per process at most. */
    private final Map<String, ModelScores> baselines = new HashMap<>();
    private final Map<String, double[]> golds = new HashMap<>();
    /** theta_r's held-out ES before and after the relearning attack, by testbed hash. */
    private final Map<String, double[]> relearnedBaselines = new HashMap<>();
    private double unlearning;
    private double scoring;
    private double generation;

    public ObjectiveProtocol(ProtocolConfig config, Progress progress) {
        this(config, progress, null);
    }

    /** @param store where finished calibrations and sweeps are kept and found again; null keeps nothing */
    public ObjectiveProtocol(ProtocolConfig config, Progress progress, RunStore store) {
        this.config = config;
        this.progress = progress == null ? (stage, seed, done, total, fraction) -> { } : progress;
        this.store = store;
    }

    /** Runs the whole protocol; seeds in the given order, the first one calibrates. */
    public ObjectiveResult run(Plugin plugin, String testbedId, List<SeedTestbed> seeds) {
        return run(plugin, testbedId, seeds, null);
    }

    /** Runs the protocol at a given learning rate ({@code null}: calibrate it on the first seed). */
    public ObjectiveResult run(Plugin plugin, String testbedId, List<SeedTestbed> seeds, Double fixedLearningRate) {
        return run(plugin, testbedId, seeds, fixedLearningRate, null);
    }

    /**
     * Runs the protocol with the sweeps on {@code executor} ({@code null}: one after another in this
     * process); calibration always runs here.
     */
    public ObjectiveResult run(Plugin plugin, String testbedId, List<SeedTestbed> seeds, Double fixedLearningRate,
                              SweepExecutor executor) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("the protocol needs at least one seed");
        }
        long start = System.nanoTime();
        RunStore.Kept<Calibration> calibrated = calibration(plugin, seeds.get(0), fixedLearningRate);
        Calibration calibration = calibrated.value();
        double calibrationSeconds = calibrated.seconds();
        boolean utility = utilityAvailable(seeds);
        List<SweepExecutor.Job> jobs = new ArrayList<>();
        int perSeed = config.unconstrained() ? 3 : 2;
        for (int i = 0; i < seeds.size(); i++) {
            jobs.add(new SweepExecutor.Job(i, "oracle", seeds.get(i).target(), calibration.learningRate()));
            jobs.add(new SweepExecutor.Job(i, "random", seeds.get(i).randomRegion(), calibration.learningRate()));
            if (config.unconstrained()) {
                jobs.add(new SweepExecutor.Job(i, UNCONSTRAINED, everything(seeds.get(i)), calibration.learningRate()));
            }
        }
        List<SweepExecutor.Outcome> done = runSweeps(executor == null ? inProcess(plugin, seeds) : executor, jobs, plugin, seeds);
        List<SeedRuns> outcomes = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            SeedTestbed seed = seeds.get(i);
            outcomes.add(new SeedRuns(seed.maskSeed(), seed.hash(), seed.randomRegionSeed(), done.get(perSeed * i).run(),
                    done.get(perSeed * i + 1).run(), config.unconstrained() ? done.get(perSeed * i + 2).run() : null));
        }
        progress.report("statistics", seeds.get(0).maskSeed(), 0, 1, 1.0);
        return assemble(plugin.recorded(), plugin.runtime().sandboxed(), testbedId, config, calibration, outcomes, utility,
                calibrationSeconds, unlearning, scoring, generation, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The result of an objective's runs: the summary statistics and the record around them. The one place a result
     * is put together, whether the sweeps ran here, in child processes or on platform workers, so the same runs give
     * the same file. {@code seconds} is the wall time before the statistics, which are timed here and added.
     */
    public static ObjectiveResult assemble(dev.lacuna.results.Plugin plugin, boolean sandboxed, String testbedId,
                                           ProtocolConfig config, Calibration calibration, List<SeedRuns> outcomes,
                                           boolean utility, double calibrationSeconds, double unlearningSeconds,
                                           double scoringSeconds, double generationSeconds, double seconds) {
        long statisticsStart = System.nanoTime();
        ObjectiveSummary summary = summary(outcomes, utility, config.permutations(), config.statisticsSeed());
        double statistics = (System.nanoTime() - statisticsStart) / 1e9;
        return ObjectiveResult.of(summary, plugin, testbedId, StoredTestbeds.DEVICE, StoredTestbeds.DTYPE, sandboxed,
                utility(utility), config.recorded(), calibration, outcomes, new ObjectiveTimings(seconds + statistics,
                        calibrationSeconds, unlearningSeconds, scoringSeconds, generationSeconds, statistics));
    }

    /**
     * The calibration of DESIGN 6 on one seed, alone, as a platform worker runs it: the same rate and probes
     * {@link #run} finds on its first seed.
     */
    public static Calibration calibration(ProtocolConfig config, Plugin plugin, SeedTestbed seed, Progress progress) {
        return new ObjectiveProtocol(config, progress).calibrate(plugin, seed, suggestedRate(plugin));
    }

    /**
     * The protocol's learning rate for {@code plugin}: {@code fixedLearningRate} if given, else the calibration on
     * {@code seed}, taken from the store when it kept one (with the seconds it took then).
     */
    RunStore.Kept<Calibration> calibration(Plugin plugin, SeedTestbed seed, Double fixedLearningRate) {
        long start = System.nanoTime();
        if (fixedLearningRate != null) {
            Calibration fixed = Calibration.fixed(fixedLearningRate, seed.maskSeed(), suggestedRate(plugin));
            return new RunStore.Kept<>(fixed, (System.nanoTime() - start) / 1e9);
        }
        if (store != null) {
            Optional<RunStore.Kept<Calibration>> kept = store.calibration(seed, plugin);
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        Calibration calibration = calibrate(plugin, seed, suggestedRate(plugin));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (store != null) {
            store.keepCalibration(seed, plugin, calibration, seconds);
        }
        return new RunStore.Kept<>(calibration, seconds);
    }

    /**
     * The smallest rate on the grid {@code suggested * factor^k} that drives FS at alpha = 1 to the target on
     * the Oracle region of the calibration seed: walk down from the suggestion while the target is met, or up
     * until it is. Without any rate reaching it, the largest rate is used and the result says so.
     */
    Calibration calibrate(Plugin plugin, SeedTestbed seed, double suggested) {
        int[] probed = {0};
        return CalibrationWalk.walk(suggested, seed.maskSeed(), config, rate -> {
            progress.report("calibration", seed.maskSeed(), ++probed[0], config.gridBelow() + config.gridAbove() + 1, 0);
            try (Transformer unlearned = unlearn(plugin, seed, seed.target(), rate, null)) {
                return ModelScores.forgetScore(unlearned, seed.data());
            }
        });
    }

    /**
     * Runs the jobs the store has not kept (each kept the moment it is done, so an interruption loses only the
     * sweeps still running) and sets the stage timers to the sums over all of them, kept ones included.
     */
    List<SweepExecutor.Outcome> runSweeps(SweepExecutor executor, List<SweepExecutor.Job> jobs, Plugin plugin,
                                          List<SeedTestbed> seeds) {
        List<SweepExecutor.Outcome> outcomes = new ArrayList<>(Collections.nCopies(jobs.size(), null));
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            SweepExecutor.Job job = jobs.get(i);
            Optional<SweepExecutor.Outcome> kept = store == null ? Optional.empty()
                    : store.sweep(seeds.get(job.seed()), plugin, job);
            if (kept.isPresent()) {
                outcomes.set(i, kept.get());
            } else {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<SweepExecutor.Job> todo = missing.stream().map(jobs::get).toList();
            List<SweepExecutor.Outcome> ran = executor.runAll(todo, (k, outcome) -> {
                if (store != null) {
                    store.keepSweep(seeds.get(todo.get(k).seed()), plugin, todo.get(k), outcome);
                }
            });
            if (ran.size() != todo.size()) {
                throw new IllegalStateException(todo.size() + " sweeps asked for, " + ran.size() + " returned");
            }
            for (int k = 0; k < todo.size(); k++) {
                outcomes.set(missing.get(k), ran.get(k));
            }
        }
        unlearning = outcomes.stream().mapToDouble(SweepExecutor.Outcome::unlearning).sum();
        scoring = outcomes.stream().mapToDouble(SweepExecutor.Outcome::scoring).sum();
        generation = outcomes.stream().mapToDouble(SweepExecutor.Outcome::generation).sum();
        return outcomes;
    }

    /** Runs the jobs one after another in this process; theta_r's truth ratios are computed once per seed. */
    SweepExecutor inProcess(Plugin plugin, List<SeedTestbed> seeds) {
        return (jobs, finished) -> {
            boolean utility = utilityAvailable(seeds);
            List<SweepExecutor.Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                SweepExecutor.Job job = jobs.get(i);
                SeedTestbed seed = seeds.get(job.seed());
                double[] ratios = goldRatios(seed, utility);
                SweepExecutor.Outcome outcome = timedSweep(plugin, seed, job, ratios, i, jobs.size());
                outcomes.add(outcome);
                finished.done(i, outcome);
            }
            return outcomes;
        };
    }

    /**
     * One job on its own, as a child process runs it: the same numbers as the in-process executor gives
     * for that job.
     */
    public static SweepExecutor.Outcome runJob(ProtocolConfig config, Plugin plugin, SeedTestbed seed, SweepExecutor.Job job,
                                               Progress progress) {
        return runJob(config, plugin, seed, job, progress, null);
    }

    /** {@link #runJob}, taking theta_o's scores and theta_r's truth ratios from {@code store} where it kept them. */
    public static SweepExecutor.Outcome runJob(ProtocolConfig config, Plugin plugin, SeedTestbed seed, SweepExecutor.Job job,
                                               Progress progress, RunStore store) {
        ObjectiveProtocol protocol = new ObjectiveProtocol(config, progress, store);
        return protocol.timedSweep(plugin, seed, job, protocol.goldRatios(seed, seed.data().hasUtilityAndForgetQuality()), 0, 1);
    }

    private SweepExecutor.Outcome timedSweep(Plugin plugin, SeedTestbed seed, SweepExecutor.Job job, double[] goldRatios,
                                             int runsDone, int runsTotal) {
        double u = unlearning;
        double s = scoring;
        double g = generation;
        Run run = sweep(plugin, seed, job.name(), job.region(), job.learningRate(), goldRatios, runsDone, runsTotal);
        return new SweepExecutor.Outcome(run, unlearning - u, scoring - s, generation - g);
    }

    double unlearningSeconds() {
        return unlearning;
    }

    double scoringSeconds() {
        return scoring;
    }

    double generationSeconds() {
        return generation;
    }

    /** Whether every seed's data has utility sets and perturbed answers (MU, FQ and MU95 are defined). */
    static boolean utilityAvailable(List<SeedTestbed> seeds) {
        return seeds.stream().allMatch(s -> s.data().hasUtilityAndForgetQuality());
    }

    /** theta_r's forget truth ratios, the reference FQ compares against; null without utility data. */
    double[] goldRatios(SeedTestbed seed, boolean utility) {
        if (!utility) {
            return null;
        }
        double[] memo = golds.get(seed.hash());
        if (memo != null) {
            return memo;
        }
        double[] ratios = store == null ? null : store.goldRatios(seed).orElse(null);
        if (ratios == null) {
            ratios = ModelScores.of(seed.thetaR(), seed.data(), seed.tokenizer(), true).forgetTruthRatios();
            if (store != null) {
                store.keepGoldRatios(seed, ratios);
            }
        }
        golds.put(seed.hash(), ratios);
        return ratios;
    }

    /**
     * theta_o's scores: the alpha = 0 point of every sweep on the seed's testbed, where the mixture is theta_o exactly
     * ({@link RegionMixer#mix}), whatever the region, objective or localizer. Computed once (its seconds counted
     * then), after that taken from this process or the store.
     */
    ModelScores baseline(SeedTestbed seed, boolean utility) {
        ModelScores memo = baselines.get(seed.hash());
        if (memo != null) {
            return memo;
        }
        ModelScores scores = store == null ? null : store.baseline(seed, utility).orElse(null);
        if (scores == null) {
            scores = ModelScores.of(seed.thetaO(), seed.data(), seed.tokenizer(), utility);
            scoring += scores.seconds().scoring();
            generation += scores.seconds().generation();
            if (store != null) {
                store.keepBaseline(seed, utility, scores);
            }
        }
        baselines.put(seed.hash(), scores);
        return scores;
    }

    /**
     * One unlearning run confined to {@code region} and its mixing sweep: the run's curve, AUES and MU95.
     * {@code runsDone} of {@code runsTotal} place it in the progress report.
     */
    Run sweep(Plugin plugin, SeedTestbed seed, String name, Region region, double rate, double[] goldRatios,
              int runsDone, int runsTotal) {
        double[] alphas = config.alphas();
        long t0 = System.nanoTime();
        try (Transformer unlearned = unlearn(plugin, seed, region, rate,
                (step, total) -> progress.report("unlearning " + name, seed.maskSeed(), step, total,
                        (runsDone + 0.2 * step / total) / runsTotal));
             Transformer mixed = seed.thetaO().copy()) {
            unlearning += (System.nanoTime() - t0) / 1e9;
            RegionMixer mixer = new RegionMixer(mixed, seed.thetaO(), unlearned, region);
            List<CurvePoint> curve = new ArrayList<>();
            for (int i = 0; i < alphas.length; i++) {
                ModelScores s;
                if (alphas[i] == 0) {
                    s = baseline(seed, goldRatios != null);
                } else {
                    mixer.mix(alphas[i]);
                    s = ModelScores.of(mixed, seed.data(), seed.tokenizer(), goldRatios != null);
                    scoring += s.seconds().scoring();
                    generation += s.seconds().generation();
                }
                Double fq = goldRatios == null ? null : finiteOrNull(ForgetQuality.log10(s.forgetTruthRatios(), goldRatios));
                curve.add(new CurvePoint(alphas[i], s.fs(), s.rs(), s.modelUtility(), fq));
                progress.report("mixing " + name, seed.maskSeed(), i + 1, alphas.length,
                        (runsDone + 0.2 + 0.8 * (i + 1) / alphas.length) / runsTotal);
            }
            Attacks attacks = attacks(seed, unlearned);
            UpdateLocalizationReport update = UNCONSTRAINED.equals(name) ? updateLocalization(seed, unlearned) : null;
            return measured(region.size(), curve, goldRatios != null).with(attacks, update);
        }
    }

    /**
     * The resurfacing attacks of {@link ProtocolConfig#attacks()} on theta_u (the alpha = 1 model): FS and RS after
     * each quantization; held-out forget ES before and after relearning, and theta_r's under the same fine-tune. Their
     * seconds count as scoring.
     */
    Attacks attacks(SeedTestbed seed, Transformer unlearned) {
        long start = System.nanoTime();
        AttackSettings a = config.attacks();
        List<QuantizedScores> quantized = new ArrayList<>();
        for (int bits : a.quantizationBits()) {
            try (Transformer q = new WeightQuantization(bits, a.quantizationGroupSize()).apply(unlearned)) {
                ModelScores s = ModelScores.of(q, seed.data(), seed.tokenizer(), false);
                quantized.add(new QuantizedScores(bits, a.quantizationGroupSize(), s.fs(), s.rs()));
            }
        }
        Relearning relearning = new Relearning(a.relearningEpochs(), a.relearningBatchSize(), a.relearningRate(),
                a.relearningFraction(), seed.maskSeed());
        Relearning.Split split = relearning.split(seed.data().forget());
        int pad = seed.data().padId();
        int eos = seed.tokenizer().eosId();
        double[] retrained = relearnedBaselines.get(seed.hash());
        if (retrained == null) {
            try (Transformer r = relearning.apply(seed.thetaR(), split.relearn(), pad, eos)) {
                retrained = new double[] {Relearning.extraction(seed.thetaR(), split.heldOut(), pad),
                        Relearning.extraction(r, split.heldOut(), pad)};
            }
            relearnedBaselines.put(seed.hash(), retrained);
        }
        RelearnedScores relearned;
        try (Transformer u = relearning.apply(unlearned, split.relearn(), pad, eos)) {
            relearned = new RelearnedScores(split.relearn().size(), seed.maskSeed(), Relearning.extraction(unlearned, split.heldOut(), pad),
                    Relearning.extraction(u, split.heldOut(), pad), retrained[0], retrained[1]);
        }
        scoring += (System.nanoTime() - start) / 1e9;
        return new Attacks(quantized, relearned);
    }

    /** Where theta_u's change from theta_o landed, against V_tgt, with the top |V_tgt| / N rows as R. */
    static UpdateLocalizationReport updateLocalization(SeedTestbed seed, Transformer unlearned) {
        Region truth = seed.target();
        double share = (double) truth.size() / ((long) truth.layers() * truth.dFf());
        UpdateLocalization.Report r = UpdateLocalization.of(seed.thetaO(), unlearned, share, truth);
        List<LayerUpdate> layers = new ArrayList<>();
        for (int l = 0; l < truth.layers(); l++) {
            Localization.Scores s = r.ranking().perLayer().get(l);
            layers.add(new LayerUpdate(l, s.precision(), s.averagePrecision(), s.auroc(), r.squaredSharePerLayer().get(l)));
        }
        Localization.Scores all = r.ranking().overall();
        return new UpdateLocalizationReport(share, all.precision(), all.averagePrecision(), all.auroc(), r.squaredShareInside(),
                layers);
    }

    /**
     * A run from its mixing curve: AUES of the curve's FS-RS points and, with utility data and MU and FQ at every
     * point, MU95 of its MU and log10 FQ over the curve's alphas. How every run of a result is measured, so a
     * published run can be measured again from its curve.
     */
    public static Run measured(int regionSize, List<CurvePoint> curve, boolean utility) {
        double aues = Aues.area(curve.stream().map(p -> new FsRsPoint(p.fs(), p.rs())).toList());
        Double mu95 = null;
        Boolean reached = null;
        if (utility && curve.stream().allMatch(p -> p.mu() != null && p.log10Fq() != null)) {
            Mu95 m = Mu95.ofSweep(curve.stream().mapToDouble(CurvePoint::alpha).toArray(),
                    curve.stream().mapToDouble(CurvePoint::mu).toArray(), curve.stream().mapToDouble(CurvePoint::log10Fq).toArray());
            mu95 = m.log10ForgetQuality();
            reached = m.reached();
        }
        return new Run(regionSize, aues, mu95, reached, curve, null, null);
    }

    /** What the objective suggests as its learning rate, asked where its code runs. */
    static double suggestedRate(Plugin plugin) {
        PluginJob.Describe job = new PluginJob.Describe(newJobId(), plugin.sha256(), PluginKind.OBJECTIVE);
        return OutcomeCheck.suggestedRate(job, plugin.runtime().run(job, null, null), plugin.name());
    }

    /**
     * theta_u: the objective unlearns theta_o inside {@code region} where its code runs (the job names no
     * role, so Oracle and Random look alike there); the checked region rows are written into a copy of
     * theta_o here.
     */
    Transformer unlearn(Plugin plugin, SeedTestbed seed, Region region, double rate, JobExecution.Progress listener) {
        PluginJob.Unlearn job = new PluginJob.Unlearn(newJobId(), plugin.sha256(), seed.hash(), seed.thetaO().config(),
                seed.data().forget(), seed.data().retain(), seed.data().preferred(), seed.data().padId(), region,
                config.settings(rate, seed.maskSeed()));
        float[][] rows = OutcomeCheck.rows(job, plugin.runtime().run(job, seed.inputs(), listener), plugin.name());
        Transformer unlearned = seed.thetaO().copy();
        RegionRows.write(unlearned, region, rows);
        return unlearned;
    }

    /** A fresh id the outcome must echo. */
    static String newJobId() {
        return UUID.randomUUID().toString();
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * The summary of an objective's per-seed runs: mean and sd of each region's AUES, their gap and its permutation
     * test; with utility data and MU95 in every run, the same for MU95 with the bootstrap test. A pure function of the
     * runs and the tests' rounds and seed, so a published summary can be recomputed from its file.
     */
    public static ObjectiveSummary summary(List<SeedRuns> outcomes, boolean utility, int permutations, long statisticsSeed) {
        double[] oracle = outcomes.stream().mapToDouble(o -> o.oracle().aues()).toArray();
        double[] random = outcomes.stream().mapToDouble(o -> o.random().aues()).toArray();
        GapTestResult aues = AuesPermutationTest.test(curves(outcomes, true), curves(outcomes, false), permutations,
                statisticsSeed);
        MeanSd oracleMu = null;
        MeanSd randomMu = null;
        Double muDelta = null;
        Double muP = null;
        boolean mu95Everywhere = utility && outcomes.stream().allMatch(o -> o.oracle().mu95() != null && o.random().mu95() != null);
        if (mu95Everywhere) {
            double[] a = outcomes.stream().mapToDouble(o -> o.oracle().mu95()).toArray();
            double[] b = outcomes.stream().mapToDouble(o -> o.random().mu95()).toArray();
            GapTestResult mu = Mu95BootstrapTest.test(a, b, permutations, statisticsSeed);
            oracleMu = MeanSd.of(a);
            randomMu = MeanSd.of(b);
            muDelta = mu.observedGap();
            muP = mu.pValue();
        }
        MeanSd oracleAues = MeanSd.of(oracle);
        MeanSd randomAues = MeanSd.of(random);
        boolean unconstrained = outcomes.stream().allMatch(o -> o.unconstrained() != null);
        MeanSd free = unconstrained ? MeanSd.of(outcomes.stream().mapToDouble(o -> o.unconstrained().aues()).toArray()) : null;
        MeanSd freeMu = unconstrained && mu95Everywhere && outcomes.stream().allMatch(o -> o.unconstrained().mu95() != null)
                ? MeanSd.of(outcomes.stream().mapToDouble(o -> o.unconstrained().mu95()).toArray()) : null;
        return new ObjectiveSummary(oracleAues.mean(), randomAues.mean(), aues.observedGap(), aues.pValue(), MeanSd.mean(oracleMu),
                MeanSd.mean(randomMu), muDelta, muP, oracleAues.sd(), randomAues.sd(), MeanSd.sd(oracleMu), MeanSd.sd(randomMu),
                permutations, statisticsSeed, MeanSd.mean(free), MeanSd.sd(free), MeanSd.mean(freeMu), MeanSd.sd(freeMu),
                updateMean(outcomes, UpdateLocalizationReport::precision), updateMean(outcomes, UpdateLocalizationReport::averagePrecision),
                updateMean(outcomes, UpdateLocalizationReport::auroc), updateMean(outcomes, UpdateLocalizationReport::squaredShareInside),
                resurfacing(outcomes, permutations, statisticsSeed));
    }

    /** The mean over seeds of one number of the unconstrained runs' update localization; null unless every seed has it. */
    private static Double updateMean(List<SeedRuns> outcomes, Function<UpdateLocalizationReport, Double> number) {
        double[] values = new double[outcomes.size()];
        for (int i = 0; i < values.length; i++) {
            Run run = outcomes.get(i).unconstrained();
            Double v = run == null || run.updateLocalization() == null ? null : number.apply(run.updateLocalization());
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        return MeanSd.of(values).mean();
    }

    /**
     * One gap per attack when every Oracle and Random run (and unconstrained one, if any) was attacked with the same
     * bit widths; null otherwise, as in results measured before the attacks. Quantization: FS at alpha = 1 minus FS
     * after it. Relearning: {@link RelearnedScores#resurfacing()}.
     */
    static List<ResurfacingGap> resurfacing(List<SeedRuns> outcomes, int permutations, long statisticsSeed) {
        boolean unconstrained = outcomes.stream().allMatch(o -> o.unconstrained() != null);
        List<Run> all = new ArrayList<>();
        outcomes.forEach(o -> {
            all.add(o.oracle());
            all.add(o.random());
            if (unconstrained) {
                all.add(o.unconstrained());
            }
        });
        if (all.stream().anyMatch(r -> r.attacks() == null)) {
            return null;
        }
        List<Integer> bits = bitWidths(all.get(0));
        if (all.stream().anyMatch(r -> !bitWidths(r).equals(bits))) {
            return null;
        }
        List<ResurfacingGap> gaps = new ArrayList<>();
        for (int k = 0; k < bits.size(); k++) {
            int q = k;
            gaps.add(gap("quantization-" + bits.get(k) + "bit", outcomes, unconstrained,
                    r -> r.curve().get(r.curve().size() - 1).fs() - r.attacks().quantization().get(q).fs(), permutations, statisticsSeed));
        }
        gaps.add(gap("relearning", outcomes, unconstrained, r -> r.attacks().relearning().resurfacing(), permutations, statisticsSeed));
        return gaps;
    }

    private static List<Integer> bitWidths(Run run) {
        return run.attacks().quantization().stream().map(QuantizedScores::bits).toList();
    }

    private static ResurfacingGap gap(String attack, List<SeedRuns> outcomes, boolean unconstrained, ToDoubleFunction<Run> gap,
                                      int permutations, long statisticsSeed) {
        double[] oracle = outcomes.stream().mapToDouble(o -> gap.applyAsDouble(o.oracle())).toArray();
        double[] random = outcomes.stream().mapToDouble(o -> gap.applyAsDouble(o.random())).toArray();
        MeanSd free = unconstrained ? MeanSd.of(outcomes.stream().mapToDouble(o -> gap.applyAsDouble(o.unconstrained())).toArray()) : null;
        GapTestResult test = PairedPermutationTest.test(oracle, random, permutations, statisticsSeed);
        MeanSd a = MeanSd.of(oracle);
        MeanSd b = MeanSd.of(random);
        return new ResurfacingGap(attack, a.mean(), a.sd(), b.mean(), b.sd(), MeanSd.mean(free), MeanSd.sd(free), test.observedGap(),
                test.pValue());
    }

    private static List<List<FsRsPoint>> curves(List<SeedRuns> outcomes, boolean oracle) {
        return outcomes.stream()
                .map(o -> (oracle ? o.oracle() : o.random()).curve().stream().map(p -> new FsRsPoint(p.fs(), p.rs())).toList())
                .toList();
    }
}
