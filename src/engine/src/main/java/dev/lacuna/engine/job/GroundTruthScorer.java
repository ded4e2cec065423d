package dev.lacuna.engine.job;

import dev.lacuna.engine.model.Region;
import java.util.Map;

/**
 * The Oracle localizer, as a harness-side reference rather than a plugin: it scores each testbed's V_tgt
 * 1 and every other value vector 0. It holds the ground truth itself, which is why it can never be plugin
 * code: no plugin is given V_tgt, in any process.
 */
public final class GroundTruthScorer implements PluginRuntime {

    /** The name results record for this reference. */
    public static final String NAME = "oracle";

    private final Map<String, Region> truthByTestbed;

    /** @param truthByTestbed V_tgt by testbed hash */
    public GroundTruthScorer(Map<String, Region> truthByTestbed) {
        this.truthByTestbed = Map.copyOf(truthByTestbed);
    }

    @Override
    public JobOutcome run(PluginJob job, Inputs inputs, JobExecution.Progress progress) {
        if (!(job instanceof PluginJob.Localize localize)) {
            return new JobOutcome.Failed(job.jobId(), "the Oracle reference only scores value vectors");
        }
        Region truth = truthByTestbed.get(localize.testbedHash());
        if (truth == null) {
            return new JobOutcome.Failed(job.jobId(), "the Oracle reference has no ground truth for testbed " + localize.testbedHash());
        }
        boolean[] flags = truth.flags();
        float[] scores = new float[flags.length];
        for (int i = 0; i < flags.length; i++) {
            scores[i] = flags[i] ? 1f : 0f;
        }
        return new JobOutcome.Scored(job.jobId(), job.pluginSha256(), localize.testbedHash(), scores, 0);
    }

    @Override
    public boolean sandboxed() {
        return false;
    }
}
