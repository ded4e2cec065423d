package dev.lacuna.engine.job;

/**
 * What a job gives back: its result, or a failure with a reason the user can act on. Every variant echoes
 * the job's id so the harness can tell an answer to its question from a forged one.
 */
public sealed interface JobOutcome permits JobOutcome.Described, JobOutcome.Scored, JobOutcome.Unlearned, JobOutcome.Failed {

    String jobId();

    /** An objective's suggested learning rate (NaN for a localizer, which suggests nothing). */
    record Described(String jobId, String pluginSha256, double suggestedLearningRate) implements JobOutcome {
    }

    /** One score per value vector, layer-major, as the localizer returned them. */
    record Scored(String jobId, String pluginSha256, String testbedHash, float[] scores, double seconds) implements JobOutcome {

        public Scored {
            scores = scores.clone();
        }

        @Override
        public float[] scores() {
            return scores.clone();
        }
    }

    /**
     * The unlearned model's region rows: per layer, the rows of the region in that layer in index order,
     * {@code count x dModel} row-major ({@code null} for a layer without region rows). Everything outside
     * the region equals theta_o by construction, so this is the whole of theta_u.
     */
    record Unlearned(String jobId, String pluginSha256, String testbedHash, int steps, float[][] rows, double seconds)
            implements JobOutcome {
    }

    /** The job failed; {@code reason} names the plugin, the stage and the cause. */
    record Failed(String jobId, String reason) implements JobOutcome {
    }
}
