package dev.lacuna.engine.job;

import dev.lacuna.engine.localization.LocalizerFailure;
import dev.lacuna.engine.localization.ScoreCheck;
import dev.lacuna.engine.objective.ObjectiveFailure;
import dev.lacuna.spi.ModelShape;

/**
 * The harness's checks on an outcome before it uses a single number of it: it answers the job that was
 * sent (job id, plugin and testbed hashes), it is of the right type, and its numbers are finite and
 * shaped as the job implies. The process that produced it ran plugin code, so the outcome is as untrusted
 * as the plugin; a failure's reason is passed on as the job's error.
 */
public final class OutcomeCheck {

    private OutcomeCheck() {
    }

    /** An objective's suggested learning rate: positive and finite. */
    public static double suggestedRate(PluginJob.Describe job, JobOutcome outcome, String plugin) {
        JobOutcome.Described d = expect(job, outcome, JobOutcome.Described.class, plugin, ObjectiveFailure::new);
        requireSame(d.pluginSha256(), job.pluginSha256(), "plugin sha256", plugin, ObjectiveFailure::new);
        double rate = d.suggestedLearningRate();
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new ObjectiveFailure(plugin + " suggests an invalid learning rate " + rate);
        }
        return rate;
    }

    /** A localizer's scores: one finite score per value vector. */
    public static float[] scores(PluginJob.Localize job, JobOutcome outcome, String plugin) {
        JobOutcome.Scored s = expect(job, outcome, JobOutcome.Scored.class, plugin, LocalizerFailure::new);
        requireSame(s.pluginSha256(), job.pluginSha256(), "plugin sha256", plugin, LocalizerFailure::new);
        requireSame(s.testbedHash(), job.testbedHash(), "testbed hash", plugin, LocalizerFailure::new);
        ModelShape shape = new ModelShape(job.model().layers(), job.model().dModel(), job.model().dFf(), job.model().vocab());
        return ScoreCheck.requireValid(s.scores(), shape, plugin, job.seed());
    }

    /** Unlearned region rows: one array per layer holding region rows, of exactly their size, all finite. */
    public static float[][] rows(PluginJob.Unlearn job, JobOutcome outcome, String plugin) {
        JobOutcome.Unlearned u = expect(job, outcome, JobOutcome.Unlearned.class, plugin, ObjectiveFailure::new);
        requireSame(u.pluginSha256(), job.pluginSha256(), "plugin sha256", plugin, ObjectiveFailure::new);
        requireSame(u.testbedHash(), job.testbedHash(), "testbed hash", plugin, ObjectiveFailure::new);
        float[][] rows = u.rows();
        int layers = job.region().layers();
        int d = job.model().dModel();
        if (rows == null || rows.length != layers) {
            throw new ObjectiveFailure(refused(plugin) + "it holds " + (rows == null ? 0 : rows.length) + " layers of rows, the model "
                    + layers);
        }
        for (int l = 0; l < layers; l++) {
            int expected = job.region().sizeInLayer(l) * d;
            int actual = rows[l] == null ? 0 : rows[l].length;
            if (actual != expected || (expected == 0) != (rows[l] == null)) {
                throw new ObjectiveFailure(refused(plugin) + "layer " + l + " holds " + actual + " values, the region's "
                        + job.region().sizeInLayer(l) + " rows of " + d + " are " + expected);
            }
            if (rows[l] == null) {
                continue;
            }
            for (int i = 0; i < rows[l].length; i++) {
                if (!Float.isFinite(rows[l][i])) {
                    throw new ObjectiveFailure(plugin + "'s unlearned model has a non-finite weight (" + rows[l][i] + ") in layer " + l
                            + ", region row " + i / d);
                }
            }
        }
        return rows;
    }

    private interface Failure {
        RuntimeException of(String message);
    }

    private static <T extends JobOutcome> T expect(PluginJob job, JobOutcome outcome, Class<T> type, String plugin, Failure failure) {
        if (outcome == null) {
            throw failure.of(plugin + ": its job ended without an outcome");
        }
        if (!job.jobId().equals(outcome.jobId())) {
            throw failure.of(refused(plugin) + "it answers job " + outcome.jobId() + ", not the job sent (" + job.jobId()
                    + "); a forged outcome");
        }
        if (outcome instanceof JobOutcome.Failed f) {
            throw failure.of(f.reason());
        }
        if (!type.isInstance(outcome)) {
            throw failure.of(refused(plugin) + "a " + outcome.getClass().getSimpleName() + " outcome, expected " + type.getSimpleName());
        }
        return type.cast(outcome);
    }

    private static void requireSame(String actual, String expected, String what, String plugin, Failure failure) {
        if (!expected.equals(actual)) {
            throw failure.of(refused(plugin) + "its " + what + " " + actual + " is not the job's " + expected + "; a forged outcome");
        }
    }

    private static String refused(String plugin) {
        return "the outcome of " + plugin + "'s job was refused: ";
    }
}
