package dev.lacuna.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import dev.lacuna.engine.job.InProcessRuntime;
import dev.lacuna.engine.job.JobExecution;
import dev.lacuna.engine.job.JobOutcome;
import dev.lacuna.engine.job.PluginJob;
import dev.lacuna.engine.job.PluginRuntime;
import dev.lacuna.engine.metrics.Aues;
import dev.lacuna.engine.metrics.ForgetQuality;
import dev.lacuna.engine.metrics.FsRsPoint;
import dev.lacuna.engine.metrics.Mu95;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.attack.Relearning;
import dev.lacuna.engine.stats.AuesPermutationTest;
import dev.lacuna.engine.stats.PairedPermutationTest;
import dev.lacuna.engine.stats.GapTestResult;
import dev.lacuna.engine.stats.Mu95BootstrapTest;
import dev.lacuna.results.Attacks;
import dev.lacuna.results.Calibration;
import dev.lacuna.results.CurvePoint;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.ObjectiveSummary;
import dev.lacuna.results.Probe;
import dev.lacuna.results.QuantizedScores;
import dev.lacuna.results.ResurfacingGap;
import dev.lacuna.results.Run;
import dev.lacuna.results.SeedRuns;
import dev.lacuna.results.UpdateLocalizationReport;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.UnlearningObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The objective protocol end to end below the command line, on three in-process micro testbeds
 * ({@link MicroTestbeds#testbed}: one trained micro transformer per mask seed whose MLP works only through
 * its V_tgt, each V_tgt of a different size). By construction an Oracle run changes the model and a Random
 * run changes no output, so which region a run used shows in its curve. Pinned: the pairing of seeds,
 * regions and runs, the calibration on the first seed's Oracle region and its rate on every sweep, and a
 * summary that is exactly the aggregation and the seeded tests of the per-seed runs; a MU95 p-value below 1
 * over three seeds (which one seed per scenario can never give) is pinned on hand-made runs.
 */
class ObjectiveProtocolTest {

    private static final long[] MASK_SEEDS = {7, 19, 31};
    private static final double[] TARGET_FRACTIONS = {0.25, 0.30, 0.20};
    private static final double SUGGESTED = 0.02;
    private static final int PERMUTATIONS = 199;
    private static final long STATISTICS_SEED = 4_242;
    /** 5 alphas, 6 unlearning steps of batch 4, one grid point each side of the suggestion. */
    private static final ProtocolConfig CONFIG = new ProtocolConfig(ProtocolConfig.evenAlphas(5), PERMUTATIONS,
            STATISTICS_SEED, 1, 6, 4, 0.01, 0.95, 2.0, 1, 1, Map.of(), ProtocolConfig.STANDARD_ATTACKS, true);

    /** Gradient ascent on the forget answers; deterministic given the batch order. */
    static final class Ascent implements UnlearningObjective {
        @Override
        public NDArray loss(ObjectiveInputs inputs) {
            AnswerOutputs forget = inputs.forget();
            return forget.sumPerItem(forget.tokenLogProbabilities()).mean();
        }

        @Override
        public double suggestedLearningRate() {
            return SUGGESTED;
        }
    }

    /** The in-process runtime, recording every unlearning job it is given and the theta_o that came with it. */
    static final class Recording implements PluginRuntime {
        final PluginRuntime inner;
        final List<PluginJob.Unlearn> jobs = Collections.synchronizedList(new ArrayList<>());
        final List<Transformer> models = Collections.synchronizedList(new ArrayList<>());

        Recording(PluginRuntime inner) {
            this.inner = inner;
        }

        @Override
        public JobOutcome run(PluginJob job, Inputs inputs, JobExecution.Progress progress) {
            if (job instanceof PluginJob.Unlearn u) {
                jobs.add(u);
                models.add(inputs.thetaO());
            }
            return inner.run(job, inputs, progress);
        }

        @Override
        public boolean sandboxed() {
            return inner.sandboxed();
        }
    }

    private static final List<SeedTestbed> SEEDS = new ArrayList<>();
    private static final List<ModelScores> THETA_O = new ArrayList<>();
    private static final EvaluationData DATA = MicroTestbeds.data(5, true);
    private static Transformer thetaR;
    private static ModelScores gold;
    private static Recording runtime;
    private static ObjectiveResult result;

    @BeforeAll
    static void runTheProtocol() {
        thetaR = MicroTestbeds.gold(DATA, 1_000);
        gold = ModelScores.of(thetaR, DATA, MicroTestbeds.TOKENIZER, true);
        for (int i = 0; i < MASK_SEEDS.length; i++) {
            SeedTestbed seed = MicroTestbeds.testbed(MASK_SEEDS[i], TARGET_FRACTIONS[i], DATA, thetaR);
            SEEDS.add(seed);
            THETA_O.add(ModelScores.of(seed.thetaO(), seed.data(), seed.tokenizer(), true));
        }
        runtime = new Recording(new InProcessRuntime(new Ascent(), "ascent"));
        result = new ObjectiveProtocol(CONFIG, null).run(new ObjectiveProtocol.Plugin(runtime, "ascent", "1.0", "sha-ascent"),
                "micro/test", SEEDS);
    }

    @AfterAll
    static void close() {
        SEEDS.forEach(s -> s.thetaO().close());
        if (thetaR != null) {
            thetaR.close();
        }
    }

    @Test
    void everySeedHasItsOracleRunOnItsVtgtItsRandomRunOnItsRandomRegionAndItsUnconstrainedRunEverywhere() {
        Calibration calibration = result.calibration();
        int probes = calibration.probes().size();
        assertThat(result.perSeed()).hasSize(MASK_SEEDS.length);
        assertThat(runtime.jobs).hasSize(probes + 3 * MASK_SEEDS.length);
        for (int i = 0; i < MASK_SEEDS.length; i++) {
            SeedTestbed seed = SEEDS.get(i);
            SeedRuns outcome = result.perSeed().get(i);
            assertThat(outcome.maskSeed()).isEqualTo(MASK_SEEDS[i]);
            assertThat(outcome.testbedHash()).isEqualTo(seed.hash());
            assertThat(outcome.randomRegionSeed()).isEqualTo(MASK_SEEDS[i] * 1_000_003L + 17);
            assertThat(outcome.oracle().regionSize()).isEqualTo(seed.target().size());
            assertThat(outcome.random().regionSize()).isEqualTo(seed.target().size());

            PluginJob.Unlearn oracle = runtime.jobs.get(probes + 3 * i);
            PluginJob.Unlearn random = runtime.jobs.get(probes + 3 * i + 1);
            PluginJob.Unlearn unconstrained = runtime.jobs.get(probes + 3 * i + 2);
            for (PluginJob.Unlearn job : List.of(oracle, random, unconstrained)) {
                assertThat(job.testbedHash()).isEqualTo(seed.hash());
                assertThat(job.settings().seed()).isEqualTo(MASK_SEEDS[i]);
                assertThat(job.settings().learningRate()).isEqualTo(calibration.learningRate());
                assertThat(job.forget()).isEqualTo(seed.data().forget());
                assertThat(runtime.models.get(runtime.jobs.indexOf(job))).isSameAs(seed.thetaO());
            }
            assertThat(oracle.region()).isEqualTo(seed.target());
            assertThat(random.region()).isEqualTo(seed.randomRegion());
            assertThat(random.region().isDisjointFrom(seed.target())).isTrue();
            assertThat(unconstrained.region().size()).isEqualTo(seed.target().layers() * seed.target().dFf());
            assertThat(outcome.unconstrained().regionSize()).isEqualTo(unconstrained.region().size());
        }
        // the region sizes differ, so a run paired with another seed's region would show in regionSize
        assertThat(result.perSeed().stream().map(o -> o.oracle().regionSize()).distinct()).hasSize(MASK_SEEDS.length);
    }

    @Test
    void everyCurveStartsAtItsOwnSeedsThetaOAndOnlyTheOracleRunMovesIt() {
        for (int i = 0; i < MASK_SEEDS.length; i++) {
            SeedRuns outcome = result.perSeed().get(i);
            ModelScores o = THETA_O.get(i);
            // FQ of theta_o against theta_r's forget truth ratios
            double fq = ForgetQuality.log10(o.forgetTruthRatios(), gold.forgetTruthRatios());
            CurvePoint start = new CurvePoint(0, o.fs(), o.rs(), o.modelUtility(), fq);
            assertThat(outcome.oracle().curve().get(0)).isEqualTo(start);
            assertThat(outcome.random().curve().get(0)).isEqualTo(start);
            // outside V_tgt the MLP is inert: the Random run's every point is theta_o's
            for (CurvePoint p : outcome.random().curve()) {
                assertThat(new CurvePoint(0, p.fs(), p.rs(), p.mu(), p.log10Fq())).isEqualTo(start);
            }
            CurvePoint end = outcome.oracle().curve().get(CONFIG.alphas().length - 1);
            assertThat(end.fs()).as("the Oracle run unlearns").isGreaterThan(o.fs() + 0.2);
            assertThat(outcome.oracle().curve()).extracting(CurvePoint::alpha).containsExactly(
                    Arrays.stream(CONFIG.alphas()).boxed().toArray(Double[]::new));
        }
        assertThat(THETA_O.stream().map(ModelScores::modelUtility).distinct()).as("the seeds' models differ").hasSize(3);
    }

    @Test
    void theRateIsCalibratedOnTheFirstSeedsOracleRegionByTheGridWalk() {
        Calibration calibration = result.calibration();
        assertThat(calibration.calibrated()).isTrue();
        assertThat(calibration.seed()).isEqualTo(MASK_SEEDS[0]);
        assertThat(calibration.suggestedLearningRate()).isEqualTo(SUGGESTED);
        assertThat(calibration.probes()).isNotEmpty();
        for (int k = 0; k < calibration.probes().size(); k++) {
            PluginJob.Unlearn probe = runtime.jobs.get(k);
            assertThat(probe.testbedHash()).isEqualTo(SEEDS.get(0).hash());
            assertThat(probe.region()).isEqualTo(SEEDS.get(0).target());
            assertThat(probe.settings().learningRate()).isEqualTo(calibration.probes().get(k).learningRate());
        }
        // the walk on the FS values the probes measured gives back the same calibration, probes and all,
        // both the harness's walk and the one written out here
        Map<Double, Double> fs = new HashMap<>();
        calibration.probes().forEach(p -> fs.put(p.learningRate(), p.fs()));
        assertThat(CalibrationWalk.walk(SUGGESTED, MASK_SEEDS[0], CONFIG, fs::get)).isEqualTo(calibration);
        List<Probe> expected = new ArrayList<>();
        double rate = SUGGESTED;
        expected.add(new Probe(rate, fs.get(rate)));
        boolean met = fs.get(rate) >= CONFIG.calibrationTarget();
        double chosen = rate;
        for (int k = 1; k <= (met ? CONFIG.gridBelow() : CONFIG.gridAbove()); k++) {
            rate = met ? SUGGESTED / Math.pow(2, k) : SUGGESTED * Math.pow(2, k);
            assertThat(fs).as("probed %s", rate).containsKey(rate);
            expected.add(new Probe(rate, fs.get(rate)));
            boolean meets = fs.get(rate) >= CONFIG.calibrationTarget();
            if (met != meets) {
                chosen = meets ? rate : chosen;
                break;
            }
            chosen = rate;
        }
        assertThat(calibration.probes()).containsExactlyElementsOf(expected);
        assertThat(calibration.learningRate()).isEqualTo(chosen);
        assertThat(calibration.reachedTarget()).isEqualTo(fs.get(chosen) >= CONFIG.calibrationTarget());
        // and each probe's FS is the FS at alpha = 1 of an Oracle run at that rate on the first seed
        Probe first = calibration.probes().get(0);
        ObjectiveProtocol protocol = new ObjectiveProtocol(CONFIG, null);
        ObjectiveProtocol.Plugin plugin = new ObjectiveProtocol.Plugin(new InProcessRuntime(new Ascent(), "ascent"), "ascent",
                "1.0", "sha-ascent");
        try (Transformer unlearned = protocol.unlearn(plugin, SEEDS.get(0), SEEDS.get(0).target(), first.learningRate(), null)) {
            assertThat(ModelScores.of(unlearned, SEEDS.get(0).data(), SEEDS.get(0).tokenizer(), false).fs()).isEqualTo(first.fs());
        }
    }

    @Test
    void theAuesSummaryIsTheMeanAndSdOfThePerSeedAuesAndItsPValueThePermutationTestsOnThoseCurves() {
        double[] oracle = new double[MASK_SEEDS.length];
        double[] random = new double[MASK_SEEDS.length];
        for (int i = 0; i < MASK_SEEDS.length; i++) {
            SeedRuns outcome = result.perSeed().get(i);
            oracle[i] = Aues.area(points(outcome.oracle()));
            random[i] = Aues.area(points(outcome.random()));
            assertThat(outcome.oracle().aues()).isEqualTo(oracle[i]);
            assertThat(outcome.random().aues()).isEqualTo(random[i]);
        }
        assertThat(Arrays.stream(oracle).distinct().count()).as("AUES varies over seeds").isEqualTo(MASK_SEEDS.length);
        ObjectiveSummary s = result.summary();
        assertThat(s.auesOracle()).isCloseTo(mean(oracle), within(1e-15));
        assertThat(s.auesOracleSd()).isCloseTo(sd(oracle), within(1e-15));
        assertThat(s.auesRandom()).isCloseTo(mean(random), within(1e-15));
        assertThat(s.auesRandomSd()).isCloseTo(sd(random), within(1e-15));
        assertThat(s.auesDelta()).isCloseTo(Math.abs(mean(oracle) - mean(random)), within(1e-15));

        List<List<FsRsPoint>> o = result.perSeed().stream().map(x -> points(x.oracle())).toList();
        List<List<FsRsPoint>> r = result.perSeed().stream().map(x -> points(x.random())).toList();
        GapTestResult test = AuesPermutationTest.test(o, r, PERMUTATIONS, STATISTICS_SEED);
        assertThat(s.auesP()).isEqualTo(test.pValue());
        assertThat(s.auesDelta()).isEqualTo(test.observedGap());
        assertThat(s.auesP() * (PERMUTATIONS + 1)).as("a count of rounds").isCloseTo(Math.rint(s.auesP() * (PERMUTATIONS + 1)),
                within(1e-9));
        assertThat(s.permutations()).isEqualTo(PERMUTATIONS);
        assertThat(s.statisticsSeed()).isEqualTo(STATISTICS_SEED);
    }

    @Test
    void everyRunIsAttackedAtAlphaOneAndTheRelearningBaselineIsThetaRsOwn() {
        for (int i = 0; i < MASK_SEEDS.length; i++) {
            SeedTestbed seed = SEEDS.get(i);
            SeedRuns outcome = result.perSeed().get(i);
            Relearning relearning = new Relearning(10, 2, 1e-3, 0.1, MASK_SEEDS[i]);
            Relearning.Split split = relearning.split(seed.data().forget());
            double before;
            double after;
            try (Transformer r = relearning.apply(seed.thetaR(), split.relearn(), seed.data().padId(), seed.tokenizer().eosId())) {
                before = Relearning.extraction(seed.thetaR(), split.heldOut(), seed.data().padId());
                after = Relearning.extraction(r, split.heldOut(), seed.data().padId());
            }
            for (Run run : List.of(outcome.oracle(), outcome.random(), outcome.unconstrained())) {
                Attacks a = run.attacks();
                assertThat(a.quantization()).extracting(QuantizedScores::bits).containsExactly(8, 4);
                assertThat(a.quantization()).extracting(QuantizedScores::groupSize).containsOnly(64);
                assertThat(a.relearning().items()).as("round(0.1 * 8) of the forget items").isEqualTo(1);
                assertThat(a.relearning().seed()).isEqualTo(MASK_SEEDS[i]);
                assertThat(a.relearning().retrainedBefore()).isEqualTo(before);
                assertThat(a.relearning().retrainedAfter()).isEqualTo(after);
                assertThat(a.relearning().unlearnedBefore()).isBetween(0.0, 1.0);
            }
            assertThat(outcome.oracle().updateLocalization()).as("only the unconstrained run's update can land anywhere").isNull();
            assertThat(outcome.random().updateLocalization()).isNull();
            UpdateLocalizationReport update = outcome.unconstrained().updateLocalization();
            assertThat(update.topShare()).isEqualTo((double) seed.target().size() / (seed.target().layers() * seed.target().dFf()));
            assertThat(update.perLayer()).hasSize(seed.target().layers());
            assertThat(update.squaredShareInside()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void theResurfacingSummaryIsThePerSeedGapsMeanSdAndPairedPermutationTest() {
        ObjectiveSummary s = result.summary();
        assertThat(s.resurfacing()).extracting(ResurfacingGap::attack)
                .containsExactly("quantization-8bit", "quantization-4bit", "relearning");
        int n = MASK_SEEDS.length;
        for (int k = 0; k < 3; k++) {
            int attack = k;
            java.util.function.ToDoubleFunction<Run> gap = run -> attack < 2
                    ? run.curve().get(run.curve().size() - 1).fs() - run.attacks().quantization().get(attack).fs()
                    : run.attacks().relearning().unlearnedAfter() - run.attacks().relearning().retrainedAfter();
            double[] oracle = result.perSeed().stream().mapToDouble(o -> gap.applyAsDouble(o.oracle())).toArray();
            double[] random = result.perSeed().stream().mapToDouble(o -> gap.applyAsDouble(o.random())).toArray();
            double[] free = result.perSeed().stream().mapToDouble(o -> gap.applyAsDouble(o.unconstrained())).toArray();
            ResurfacingGap g = s.resurfacing().get(k);
            assertThat(g.oracleMean()).isCloseTo(mean(oracle), within(1e-15));
            assertThat(g.oracleSd()).isCloseTo(sd(oracle), within(1e-15));
            assertThat(g.randomMean()).isCloseTo(mean(random), within(1e-15));
            assertThat(g.randomSd()).isCloseTo(sd(random), within(1e-15));
            assertThat(g.unconstrainedMean()).isCloseTo(mean(free), within(1e-15));
            assertThat(g.unconstrainedSd()).isCloseTo(sd(free), within(1e-15));
            GapTestResult test = PairedPermutationTest.test(oracle, random, PERMUTATIONS, STATISTICS_SEED);
            assertThat(g.delta()).isEqualTo(test.observedGap());
            assertThat(g.p()).isEqualTo(test.pValue());
        }
        double[] aues = result.perSeed().stream().mapToDouble(o -> o.unconstrained().aues()).toArray();
        assertThat(s.auesUnconstrained()).isCloseTo(mean(aues), within(1e-15));
        assertThat(s.auesUnconstrainedSd()).isCloseTo(sd(aues), within(1e-15));
        double[] share = result.perSeed().stream().mapToDouble(o -> o.unconstrained().updateLocalization().squaredShareInside()).toArray();
        assertThat(s.updateSquaredShareInside()).isCloseTo(mean(share), within(1e-15));
        assertThat(n).isEqualTo(aues.length);
        assertThat(ObjectiveProtocol.summary(result.perSeed(), true, PERMUTATIONS, STATISTICS_SEED))
                .as("a pure function of the runs, as leaderboard verify recomputes it").isEqualTo(s);
    }

    @Test
    void theMu95SummaryIsTheMeanAndSdOfThePerSeedMu95AndItsPValueTheBootstrapTestOnThoseValues() {
        assertThat(result.utility().available()).isTrue();
        double[] oracle = new double[MASK_SEEDS.length];
        double[] random = new double[MASK_SEEDS.length];
        double[] alphas = CONFIG.alphas();
        for (int i = 0; i < MASK_SEEDS.length; i++) {
            SeedRuns outcome = result.perSeed().get(i);
            for (Run run : List.of(outcome.oracle(), outcome.random())) {
                Mu95 m = Mu95.ofSweep(alphas, run.curve().stream().mapToDouble(CurvePoint::mu).toArray(),
                        run.curve().stream().mapToDouble(CurvePoint::log10Fq).toArray());
                assertThat(run.mu95()).isEqualTo(m.log10ForgetQuality());
                assertThat(run.mu95Reached()).isEqualTo(m.reached());
            }
            oracle[i] = outcome.oracle().mu95();
            random[i] = outcome.random().mu95();
            assertThat(outcome.oracle().mu95Reached()).as("the Oracle run costs utility").isTrue();
            assertThat(outcome.random().mu95Reached()).as("the Random run changes nothing").isFalse();
        }
        ObjectiveSummary s = result.summary();
        assertThat(s.mu95Oracle()).isCloseTo(mean(oracle), within(1e-12));
        assertThat(s.mu95OracleSd()).isCloseTo(sd(oracle), within(1e-12));
        assertThat(s.mu95Random()).isCloseTo(mean(random), within(1e-12));
        assertThat(s.mu95RandomSd()).isCloseTo(sd(random), within(1e-12));
        GapTestResult test = Mu95BootstrapTest.test(oracle, random, PERMUTATIONS, STATISTICS_SEED);
        assertThat(s.mu95Delta()).isEqualTo(test.observedGap());
        assertThat(s.mu95P()).isEqualTo(test.pValue());
    }

    /**
     * Whether the micro runs' MU95 differ between seeds depends on where MU first falls below 95 % on a
     * five-point grid, which floating-point details of the host decide; so the claim that three seeds can
     * give p < 1 (one seed per scenario never can) is pinned on runs whose MU95 are known by construction:
     * each Oracle curve loses utility at alpha 0.5 while its FQ rises, each Random curve keeps both.
     */
    @Test
    void overThreeSeedsTheMu95PValueOfTheSummaryCanFallBelowOneWhichOneSeedNeverAllows() {
        double[] alphas = {0, 0.5, 1};
        List<SeedRuns> runs = new ArrayList<>();
        double[] oracleFq = {-1.0, -1.3, -0.8};
        double[] randomFq = {-3.1, -2.9, -3.4};
        for (int i = 0; i < 3; i++) {
            List<CurvePoint> o = new ArrayList<>();
            List<CurvePoint> r = new ArrayList<>();
            for (double a : alphas) {
                // Oracle: MU 0.9, 0.5, 0.1 (the 95 % line 0.855 is crossed at alpha 0.5 * 0.045 / 0.4)
                o.add(new CurvePoint(a, a, 1 - a / 2, 0.9 - 0.8 * a, randomFq[i] + (oracleFq[i] - randomFq[i]) * 2 * a));
                r.add(new CurvePoint(a, 0.0, 1.0, 0.9, randomFq[i]));
            }
            runs.add(new SeedRuns(MASK_SEEDS[i], "hash-" + i, 100 + i, ObjectiveProtocol.measured(10, o, true),
                    ObjectiveProtocol.measured(10, r, true), null));
        }
        double t = 0.045 / 0.4;
        double[] oracle = new double[3];
        double[] random = new double[3];
        for (int i = 0; i < 3; i++) {
            oracle[i] = runs.get(i).oracle().mu95();
            random[i] = runs.get(i).random().mu95();
            assertThat(oracle[i]).as("interpolated at the crossing").isCloseTo(randomFq[i] + (oracleFq[i] - randomFq[i]) * t,
                    within(1e-12));
            assertThat(random[i]).isEqualTo(randomFq[i]);
        }
        assertThat(smallerGapSplits(oracle, random)).as("some split of the pooled values has a smaller gap").isPositive();
        ObjectiveSummary s = ObjectiveProtocol.summary(runs, true, PERMUTATIONS, STATISTICS_SEED);
        GapTestResult test = Mu95BootstrapTest.test(oracle, random, PERMUTATIONS, STATISTICS_SEED);
        assertThat(s.mu95Delta()).isCloseTo(Math.abs(mean(oracle) - mean(random)), within(1e-12));
        assertThat(s.mu95P()).isEqualTo(test.pValue()).isLessThan(1.0);
        // the recorded seed is the one used: another seed gives another p-value on these values
        assertThat(Mu95BootstrapTest.test(oracle, random, PERMUTATIONS, STATISTICS_SEED + 1).pValue()).isNotEqualTo(s.mu95P());
        // with one seed per scenario the same summary can only say 1
        assertThat(ObjectiveProtocol.summary(runs.subList(0, 1), true, PERMUTATIONS, STATISTICS_SEED).mu95P()).isEqualTo(1.0);
    }

    /** How many ways of splitting the pooled values into groups of the original sizes give a smaller gap of means. */
    private static int smallerGapSplits(double[] a, double[] b) {
        double[] pool = new double[a.length + b.length];
        System.arraycopy(a, 0, pool, 0, a.length);
        System.arraycopy(b, 0, pool, a.length, b.length);
        double observed = Math.abs(mean(a) - mean(b));
        double total = Arrays.stream(pool).sum();
        int smaller = 0;
        for (int mask = 0; mask < 1 << pool.length; mask++) {
            if (Integer.bitCount(mask) != a.length) {
                continue;
            }
            double first = 0;
            for (int i = 0; i < pool.length; i++) {
                if ((mask & 1 << i) != 0) {
                    first += pool[i];
                }
            }
            if (Math.abs(first / a.length - (total - first) / b.length) < observed - 1e-12) {
                smaller++;
            }
        }
        return smaller;
    }

    private static List<FsRsPoint> points(Run run) {
        return run.curve().stream().map(p -> new FsRsPoint(p.fs(), p.rs())).toList();
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    /** Sample standard deviation (n - 1). */
    private static double sd(double[] v) {
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
