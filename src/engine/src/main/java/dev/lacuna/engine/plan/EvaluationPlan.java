package dev.lacuna.engine.plan;

import dev.lacuna.engine.protocol.LocalizerProtocol;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.results.Calibration;
import dev.lacuna.results.LocalizerSeed;
import dev.lacuna.results.Result;
import dev.lacuna.results.Run;
import dev.lacuna.results.SeedRuns;
import dev.lacuna.spi.PluginKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks of one evaluation and the order they can run in, as a pure function of the outcomes known so far:
 * each mask seed's testbed first; then calibration on the first seed and, for localizers, localization on every
 * seed; then one sweep per (seed, region) at the calibrated rate; once every sweep is in, the result. A step's key
 * names its place ({@code testbed/7}, {@code calibration}, {@code localization/7}, {@code sweep/7/oracle}), so the
 * server can store outcomes by key, survive restarts and never create a step twice; the result is put together by
 * the protocols' own assembly, so it is the file {@code ./lacuna evaluate} writes for the same runs.
 */
public final class EvaluationPlan {

    /** A task at its place in the plan. */
    public record Step(String key, Task task) {
    }

    private final EvaluationSpec spec;

    public EvaluationPlan(EvaluationSpec spec) {
        this.spec = spec;
    }

    public EvaluationSpec spec() {
        return spec;
    }

    /** Every step whose inputs the outcomes hold, finished ones included, in a fixed order. */
    public List<Step> ready(Map<String, TaskOutcome> done) {
        List<Step> steps = new ArrayList<>();
        for (long seed : spec.seeds()) {
            steps.add(new Step(testbedKey(seed), new Task.Testbed(new TestbedRef(spec.data(), spec.model(), seed, null))));
        }
        Optional<TestbedRef> first = pinned(done, spec.seeds().get(0));
        first.ifPresent(ref -> steps.add(new Step("calibration", new Task.Calibration(ref, spec.objective(), spec.config()))));
        if (spec.kind() == PluginKind.LOCALIZER) {
            for (long seed : spec.seeds()) {
                pinned(done, seed).ifPresent(ref -> steps.add(new Step(localizationKey(seed),
                        new Task.Localization(ref, spec.groundTruth() ? null : spec.plugin(), spec.config()))));
            }
        }
        if (done.get("calibration") instanceof TaskOutcome.Calibrated calibrated) {
            double rate = calibrated.calibration().learningRate();
            for (long seed : spec.seeds()) {
                Optional<TestbedRef> ref = pinned(done, seed);
                if (ref.isEmpty()) {
                    continue;
                }
                if (spec.kind() == PluginKind.LOCALIZER && done.get(localizationKey(seed)) instanceof TaskOutcome.Localized l) {
                    steps.add(sweep(ref.get(), seed, "localized", l.region(), rate));
                }
                steps.add(sweep(ref.get(), seed, "oracle", null, rate));
                steps.add(sweep(ref.get(), seed, "random", null, rate));
                if (unconstrained()) {
                    steps.add(sweep(ref.get(), seed, ObjectiveProtocol.UNCONSTRAINED, null, rate));
                }
            }
        }
        return steps;
    }

    /** The number of steps the whole evaluation has: testbeds, calibration, localizations, sweeps. */
    public int stepCount() {
        int seeds = spec.seeds().size();
        return spec.kind() == PluginKind.LOCALIZER ? seeds + 1 + seeds + 3 * seeds : seeds + 1 + (unconstrained() ? 3 : 2) * seeds;
    }

    /** Whether this evaluation has the unconstrained scenario: objectives only, when the settings ask for it. */
    private boolean unconstrained() {
        return spec.kind() == PluginKind.OBJECTIVE && spec.config().unconstrained();
    }

    /** Whether every step has its outcome. */
    public boolean complete(Map<String, TaskOutcome> done) {
        List<Step> steps = ready(done);
        return steps.size() == stepCount() && steps.stream().allMatch(s -> done.containsKey(s.key()));
    }

    /**
     * The result once the plan is complete.
     *
     * @param seconds the evaluation's wall time so far, recorded as its total before the statistics
     */
    public Result result(Map<String, TaskOutcome> done, double seconds) {
        if (!complete(done)) {
            throw new IllegalStateException("the evaluation is not complete: " + (stepCount() - (int) ready(done).stream()
                    .filter(s -> done.containsKey(s.key())).count()) + " of " + stepCount() + " steps are missing");
        }
        Calibration calibration = ((TaskOutcome.Calibrated) done.get("calibration")).calibration();
        double calibrationSeconds = ((TaskOutcome.Calibrated) done.get("calibration")).seconds();
        boolean utility = spec.seeds().stream().allMatch(s -> ((TaskOutcome.TestbedReady) done.get(testbedKey(s))).utility());
        double unlearning = 0;
        double scoring = 0;
        double generation = 0;
        for (Map.Entry<String, TaskOutcome> e : done.entrySet()) {
            if (e.getValue() instanceof TaskOutcome.Swept s) {
                unlearning += s.unlearningSeconds();
                scoring += s.scoringSeconds();
                generation += s.generationSeconds();
            }
        }
        if (spec.kind() == PluginKind.OBJECTIVE) {
            List<SeedRuns> runs = new ArrayList<>();
            for (long seed : spec.seeds()) {
                runs.add(new SeedRuns(seed, hash(done, seed), SeedTestbed.randomRegionSeed(seed), run(done, seed, "oracle"), run(done, seed, "random"),
                        unconstrained() ? run(done, seed, ObjectiveProtocol.UNCONSTRAINED) : null));
            }
            return ObjectiveProtocol.assemble(spec.plugin().recorded(), spec.plugin().sandboxed(), spec.testbedId(), spec.config(),
                    calibration, runs, utility, calibrationSeconds, unlearning, scoring, generation, seconds);
        }
        List<LocalizerSeed> entries = new ArrayList<>();
        double localization = 0;
        for (long seed : spec.seeds()) {
            TaskOutcome.Localized l = (TaskOutcome.Localized) done.get(localizationKey(seed));
            localization += l.seconds();
            entries.add(new LocalizerProtocol.SeedLocalization(l.region(), l.report(), l.distribution(), l.seconds())
                    .entry(seed, hash(done, seed), SeedTestbed.randomRegionSeed(seed), run(done, seed, "localized"), run(done, seed, "oracle"),
                            run(done, seed, "random")));
        }
        return LocalizerProtocol.assemble(spec.plugin().recorded(), spec.reference().recorded(), spec.groundTruth(),
                !spec.groundTruth() && spec.plugin().sandboxed(), spec.testbedId(), spec.config(), calibration, entries, utility,
                calibrationSeconds, localization, unlearning, scoring, generation, seconds);
    }

    public static String testbedKey(long seed) {
        return "testbed/" + seed;
    }

    public static String localizationKey(long seed) {
        return "localization/" + seed;
    }

    public static String sweepKey(long seed, String role) {
        return "sweep/" + seed + "/" + role;
    }

    private Step sweep(TestbedRef ref, long seed, String role, dev.lacuna.engine.model.Region region, double rate) {
        return new Step(sweepKey(seed, role), new Task.Sweep(ref, spec.objective(), role, region, rate, spec.config()));
    }

    private Optional<TestbedRef> pinned(Map<String, TaskOutcome> done, long seed) {
        return done.get(testbedKey(seed)) instanceof TaskOutcome.TestbedReady t
                ? Optional.of(new TestbedRef(spec.data(), spec.model(), seed, t.hash())) : Optional.empty();
    }

    private static String hash(Map<String, TaskOutcome> done, long seed) {
        return ((TaskOutcome.TestbedReady) done.get(testbedKey(seed))).hash();
    }

    private static Run run(Map<String, TaskOutcome> done, long seed, String role) {
        return ((TaskOutcome.Swept) done.get(sweepKey(seed, role))).run();
    }
}
