package dev.lacuna.engine.job;

import dev.lacuna.engine.localization.HarnessContext;
import dev.lacuna.engine.localization.LocalizerFailure;
import dev.lacuna.engine.localization.TestbedModelView;
import dev.lacuna.engine.model.RegionRows;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.objective.ObjectiveFailure;
import dev.lacuna.engine.protocol.EvaluationData;
import dev.lacuna.engine.protocol.RegionUnlearning;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.UnlearningObjective;
import java.util.List;
import java.util.Map;

/**
 * Runs one job against a plugin instance in this JVM: the code the sandboxed child and the trusted
 * in-process runtime share, so both give the same outcome bit for bit. A plugin's exception becomes a
 * {@link JobOutcome.Failed} naming the plugin and the stage; nothing here sees more than the job holds.
 */
public final class JobExecution {

    /** Unlearning steps done of the total, as training proceeds. */
    @FunctionalInterface
    public interface Progress {
        void step(int done, int total);
    }

    private JobExecution() {
    }

    /**
     * @param plugin an instance of the interface of the job's kind
     * @param name   the plugin's name, for failure messages
     * @param thetaO the model of the job's testbed (unused by a describe job; may be null then)
     */
    public static JobOutcome run(PluginJob job, Object plugin, String name, Transformer thetaO, Progress progress) {
        if (job instanceof PluginJob.Describe d) {
            return describe(d, plugin, name);
        }
        if (job instanceof PluginJob.Localize l) {
            return localize(l, (Localizer) plugin, name, thetaO);
        }
        return unlearn((PluginJob.Unlearn) job, (UnlearningObjective) plugin, name, thetaO, progress);
    }

    private static JobOutcome describe(PluginJob.Describe job, Object plugin, String name) {
        if (!(plugin instanceof UnlearningObjective objective)) {
            return new JobOutcome.Described(job.jobId(), job.pluginSha256(), Double.NaN);
        }
        try {
            return new JobOutcome.Described(job.jobId(), job.pluginSha256(), objective.suggestedLearningRate());
        } catch (RuntimeException | LinkageError e) {
            return new JobOutcome.Failed(job.jobId(), name + " failed while suggesting a learning rate: " + e);
        }
    }

    private static JobOutcome localize(PluginJob.Localize job, Localizer localizer, String name, Transformer thetaO) {
        long start = System.nanoTime();
        try (TestbedModelView view = new TestbedModelView(thetaO, job.forget(), job.retain(), job.padId(), job.specialIds(), name)) {
            HarnessContext context = new HarnessContext(view, job.seed(), job.fraction(), job.options());
            float[] scores;
            try {
                scores = localizer.score(context);
            } catch (LocalizerFailure e) {
                return new JobOutcome.Failed(job.jobId(), e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                return new JobOutcome.Failed(job.jobId(), name + " failed while scoring mask seed " + job.seed() + ": " + e);
            }
            if (scores == null) {
                return new JobOutcome.Failed(job.jobId(), name + " returned no scores (null) for mask seed " + job.seed());
            }
            return new JobOutcome.Scored(job.jobId(), job.pluginSha256(), job.testbedHash(), scores,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static JobOutcome unlearn(PluginJob.Unlearn job, UnlearningObjective objective, String name, Transformer thetaO,
                                      Progress progress) {
        long start = System.nanoTime();
        EvaluationData data = new EvaluationData(job.forget(), job.retain(), job.preferred(), List.of(), Map.of(), job.padId());
        int[] steps = {0};
        try (Transformer unlearned = RegionUnlearning.unlearn(thetaO, job.region(), objective, name, data, job.settings(),
                (step, total) -> {
                    steps[0] = step;
                    if (progress != null) {
                        progress.step(step, total);
                    }
                })) {
            return new JobOutcome.Unlearned(job.jobId(), job.pluginSha256(), job.testbedHash(), steps[0],
                    RegionRows.of(unlearned, job.region()), (System.nanoTime() - start) / 1e9);
        } catch (ObjectiveFailure e) {
            return new JobOutcome.Failed(job.jobId(), e.getMessage());
        }
    }
}
