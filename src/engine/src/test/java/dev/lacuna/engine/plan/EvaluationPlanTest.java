package dev.lacuna.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.protocol.LocalizerProtocol;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.results.Calibration;
import dev.lacuna.results.CurvePoint;
import dev.lacuna.results.LayerLocalization;
import dev.lacuna.results.LocalizationReport;
import dev.lacuna.results.LocalizerResult;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.Probe;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.results.Run;
import dev.lacuna.results.ScoreDistribution;
import dev.lacuna.results.SeedRuns;
import dev.lacuna.spi.PluginKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EvaluationPlanTest {

    private static final ProtocolConfig CONFIG = ProtocolConfig.standard(Map.of()).withAlphas(ProtocolConfig.evenAlphas(3))
            .withPermutations(200);
    private static final PluginRef GA = new PluginRef("a".repeat(64), "ga-objective", "0.1.0", true);
    private static final PluginRef NPO = new PluginRef("b".repeat(64), "npo-objective", "0.1.0", false);
    private static final PluginRef WAGLE = new PluginRef("c".repeat(64), "wagle-localizer", "0.1.0", true);
    private static final List<Long> SEEDS = List.of(7L, 19L);

    @Test
    void anObjectiveEvaluationRunsTestbedsThenCalibrationThenThreeSweepsPerSeed() {
        EvaluationPlan plan = new EvaluationPlan(objectiveSpec());
        Map<String, TaskOutcome> done = new LinkedHashMap<>();
        assertThat(keys(plan.ready(done))).containsExactly("testbed/7", "testbed/19");
        done.put("testbed/19", testbed(19));
        assertThat(keys(plan.ready(done))).as("calibration waits for the first seed's testbed")
                .containsExactly("testbed/7", "testbed/19");
        done.put("testbed/7", testbed(7));
        List<EvaluationPlan.Step> ready = plan.ready(done);
        assertThat(keys(ready)).containsExactly("testbed/7", "testbed/19", "calibration");
        Task.Calibration calibration = (Task.Calibration) ready.get(2).task();
        assertThat(calibration.testbed().hash()).isEqualTo(hash(7));
        assertThat(calibration.objective()).isEqualTo(GA);
        done.put("calibration", calibrated(0.04));
        ready = plan.ready(done);
        assertThat(keys(ready)).containsExactly("testbed/7", "testbed/19", "calibration", "sweep/7/oracle", "sweep/7/random",
                "sweep/7/unconstrained", "sweep/19/oracle", "sweep/19/random", "sweep/19/unconstrained");
        Task.Sweep sweep = (Task.Sweep) ready.get(6).task();
        assertThat(sweep.testbed().hash()).isEqualTo(hash(19));
        assertThat(sweep.learningRate()).isEqualTo(0.04);
        assertThat(sweep.region()).as("the worker derives V_tgt from the testbed; the server never holds it").isNull();
        assertThat(((Task.Sweep) ready.get(8).task()).role()).isEqualTo("unconstrained");
        assertThat(((Task.Sweep) ready.get(8).task()).region()).as("every value vector: derived by the worker too").isNull();
        assertThat(plan.stepCount()).isEqualTo(9);
        assertThat(plan.complete(done)).isFalse();
        assertThatThrownBy(() -> plan.result(done, 1)).hasMessageContaining("6 of 9 steps are missing");
        assertThat(new EvaluationPlan(objectiveSpec(CONFIG.withUnconstrained(false))).stepCount())
                .as("without the unconstrained scenario: two sweeps per seed").isEqualTo(7);
    }

    @Test
    void theResultIsTheProtocolsOwnAssemblyOfTheSameRuns() {
        EvaluationPlan plan = new EvaluationPlan(objectiveSpec());
        Map<String, TaskOutcome> done = new LinkedHashMap<>();
        done.put("testbed/7", testbed(7));
        done.put("testbed/19", testbed(19));
        done.put("calibration", calibrated(0.04));
        List<SeedRuns> runs = new ArrayList<>();
        for (long seed : SEEDS) {
            Run oracle = run(0.9, 0.2 + seed / 100.0);
            Run random = run(0.5, 0.1);
            Run unconstrained = run(0.7, 0.15);
            done.put("sweep/" + seed + "/oracle", new TaskOutcome.Swept(oracle, 1, 2, 3));
            done.put("sweep/" + seed + "/random", new TaskOutcome.Swept(random, 1, 2, 3));
            done.put("sweep/" + seed + "/unconstrained", new TaskOutcome.Swept(unconstrained, 1, 2, 3));
            runs.add(new SeedRuns(seed, hash(seed), SeedTestbed.randomRegionSeed(seed), oracle, random, unconstrained));
        }
        assertThat(plan.complete(done)).isTrue();
        ObjectiveResult result = (ObjectiveResult) plan.result(done, 100);
        ObjectiveResult expected = ObjectiveProtocol.assemble(GA.recorded(), true, "synthetic/tiny", CONFIG,
                ((TaskOutcome.Calibrated) done.get("calibration")).calibration(), runs, true, 5, 6, 12, 18, 100);
        assertThat(result.summary()).isEqualTo(expected.summary());
        assertThat(result.perSeed()).isEqualTo(expected.perSeed());
        assertThat(result.testbedHash()).isEqualTo(ResultCodec.combinedTestbedHash(runs));
        assertThat(result.timings().unlearningSeconds()).isEqualTo(6);
        assertThat(result.timings().mixingEvaluationSeconds()).isEqualTo(12);
        assertThat(result.timings().calibrationSeconds()).isEqualTo(5);
        assertThat(result.sandboxed()).isTrue();
    }

    @Test
    void aLocalizerSweepsInItsOwnRegionOnceThatSeedIsLocalized() {
        EvaluationSpec spec = new EvaluationSpec(PluginKind.LOCALIZER, WAGLE, false, NPO, "synthetic", "tiny", SEEDS, CONFIG);
        EvaluationPlan plan = new EvaluationPlan(spec);
        Map<String, TaskOutcome> done = new LinkedHashMap<>();
        done.put("testbed/7", testbed(7));
        done.put("testbed/19", testbed(19));
        List<EvaluationPlan.Step> ready = plan.ready(done);
        assertThat(keys(ready)).containsExactly("testbed/7", "testbed/19", "calibration", "localization/7", "localization/19");
        assertThat(((Task.Calibration) ready.get(2).task()).objective()).as("the reference objective calibrates").isEqualTo(NPO);
        assertThat(((Task.Localization) ready.get(3).task()).localizer()).isEqualTo(WAGLE);
        Region region = Region.of(2, 8, 1, 3, 9);
        done.put("localization/7", localized(region));
        done.put("calibration", calibrated(0.01));
        ready = plan.ready(done);
        assertThat(keys(ready)).containsExactly("testbed/7", "testbed/19", "calibration", "localization/7", "localization/19",
                "sweep/7/localized", "sweep/7/oracle", "sweep/7/random", "sweep/19/oracle", "sweep/19/random");
        Task.Sweep localizedSweep = (Task.Sweep) ready.get(5).task();
        assertThat(localizedSweep.region()).isEqualTo(region);
        assertThat(localizedSweep.objective()).isEqualTo(NPO);
        done.put("localization/19", localized(Region.of(2, 8, 0, 2, 4)));
        for (long seed : SEEDS) {
            for (String role : List.of("localized", "oracle", "random")) {
                done.put(EvaluationPlan.sweepKey(seed, role), new TaskOutcome.Swept(run(role.equals("random") ? 0.5 : 0.8, 0.1), 1, 1, 1));
            }
        }
        assertThat(plan.stepCount()).isEqualTo(11);
        LocalizerResult result = (LocalizerResult) plan.result(done, 10);
        assertThat(result.perSeed()).extracting(s -> s.maskSeed()).containsExactly(7L, 19L);
        assertThat(result.perSeed().get(0).regionSize()).isEqualTo(3);
        assertThat(result.referenceObjective()).isEqualTo(NPO.recorded());
        assertThat(result.summary()).isEqualTo(LocalizerProtocol.summary(result.perSeed(), true, 200, CONFIG.statisticsSeed()));
    }

    @Test
    void everyTaskAndOutcomeSurvivesItsJsonAndTheContentKeyFollowsEveryField() {
        TestbedRef ref = new TestbedRef("synthetic", "tiny", 7, hash(7));
        List<Task> tasks = List.of(new Task.Testbed(new TestbedRef("synthetic", "tiny", 7, null)),
                new Task.Calibration(ref, GA, CONFIG), new Task.Localization(ref, null, CONFIG), new Task.Localization(ref, WAGLE, CONFIG),
                new Task.Sweep(ref, GA, "oracle", null, 0.02, CONFIG),
                new Task.Sweep(ref, NPO, "localized", Region.of(2, 8, 1, 5), 0.02, CONFIG));
        for (Task task : tasks) {
            assertThat(TaskJson.readTask(TaskJson.write(task))).usingRecursiveComparison().isEqualTo(task);
            assertThat(TaskJson.contentKey(TaskJson.readTask(TaskJson.write(task)))).isEqualTo(TaskJson.contentKey(task));
        }
        assertThat(tasks.stream().map(TaskJson::contentKey).distinct()).hasSize(tasks.size());
        assertThat(TaskJson.contentKey(new Task.Sweep(ref, GA, "oracle", null, 0.04, CONFIG)))
                .isNotEqualTo(TaskJson.contentKey(tasks.get(4)));
        assertThat(TaskJson.contentKey(new Task.Sweep(ref, GA, "oracle", null, 0.02, CONFIG.withPermutations(300))))
                .isNotEqualTo(TaskJson.contentKey(tasks.get(4)));
        List<TaskOutcome> outcomes = List.of(testbed(7), calibrated(0.02), localized(Region.of(2, 8, 3)),
                new TaskOutcome.Swept(run(0.9, 0.3), 1.5, 2.5, 0.5));
        for (TaskOutcome outcome : outcomes) {
            assertThat(TaskJson.readOutcome(TaskJson.write(outcome))).usingRecursiveComparison().isEqualTo(outcome);
        }
        EvaluationSpec localizer = new EvaluationSpec(PluginKind.LOCALIZER, WAGLE, false, NPO, "synthetic", "tiny", SEEDS, CONFIG);
        for (EvaluationSpec spec : List.of(objectiveSpec(), localizer)) {
            assertThat(TaskJson.readSpec(TaskJson.write(spec))).usingRecursiveComparison().isEqualTo(spec);
        }
        assertThatThrownBy(() -> TaskJson.readTask("{\"lacuna_task\":2}")).hasMessageContaining("version");
        assertThatThrownBy(() -> TaskJson.readTask(TaskJson.write(tasks.get(1)).replace("\"objective\"", "\"other\"")))
                .hasMessageContaining("'objective' is missing");
        assertThatThrownBy(() -> TaskJson.readOutcome("{\"lacuna_outcome\":1,\"type\":\"party\"}")).hasMessageContaining("unknown type");
    }

    private static EvaluationSpec objectiveSpec() {
        return objectiveSpec(CONFIG);
    }

    private static EvaluationSpec objectiveSpec(ProtocolConfig config) {
        return new EvaluationSpec(PluginKind.OBJECTIVE, GA, false, null, "synthetic", "tiny", SEEDS, config);
    }

    private static List<String> keys(List<EvaluationPlan.Step> steps) {
        return steps.stream().map(EvaluationPlan.Step::key).collect(Collectors.toList());
    }

    private static String hash(long seed) {
        return Long.toHexString(seed).repeat(64).substring(0, 64).replaceAll("[^0-9a-f]", "0");
    }

    private static TaskOutcome.TestbedReady testbed(long seed) {
        return new TaskOutcome.TestbedReady(hash(seed), "synthetic-tiny-" + seed, true, "{\"hash\":\"" + hash(seed) + "\"}");
    }

    private static TaskOutcome.Calibrated calibrated(double rate) {
        return new TaskOutcome.Calibrated(new Calibration(rate, true, 7, true, 0.01, List.of(new Probe(0.01, 0.9), new Probe(rate, 0.96))),
                5);
    }

    private static TaskOutcome.Localized localized(Region region) {
        LocalizationReport report = new LocalizationReport(0.5, 0.5, 0.4, 0.7,
                List.of(new LayerLocalization(0, 0.5, 0.5, 0.4, 0.7), new LayerLocalization(1, 0.5, 0.5, 0.4, 0.7)));
        ScoreDistribution distribution = new ScoreDistribution(0, 1, 2, List.of(1, 2), List.of(10, 3), 0.6, 0.1, 0.2, 0.1);
        return new TaskOutcome.Localized(region, report, distribution, 0.25);
    }

    /** A three-point curve falling from (1, 1) to (fs1, rs1) with MU and FQ, measured as the protocol measures runs. */
    private static Run run(double rs1, double fs1) {
        List<CurvePoint> curve = List.of(new CurvePoint(0, 1, 1, 0.6, -3.0), new CurvePoint(0.5, (1 + fs1) / 2, (1 + rs1) / 2, 0.55, -1.5),
                new CurvePoint(1, fs1, rs1, 0.5, -0.2));
        return ObjectiveProtocol.measured(3, curve, true);
    }
}
