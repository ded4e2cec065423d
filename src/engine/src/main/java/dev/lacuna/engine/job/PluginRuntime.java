package dev.lacuna.engine.job;

import dev.lacuna.engine.model.Transformer;
import java.nio.file.Path;

/**
 * Where a plugin's code runs. The protocols hand every piece of plugin work to a runtime as a
 * {@link PluginJob} and get a {@link JobOutcome} back, so they cannot tell, and need not care, whether the
 * plugin ran in this JVM (a developer's own plugin, the built-in baselines) or in a locked-down child
 * process (every submission). A plugin failure is an outcome, not an exception.
 */
public interface PluginRuntime {

    /**
     * The testbed a job runs on: the loaded theta_o for an in-process run, its stored file for a child
     * process (which binds exactly that file and nothing else of the testbed).
     */
    record Inputs(Transformer thetaO, Path thetaOFile) {
    }

    /** @param inputs null for a {@link PluginJob.Describe} job, which loads no model */
    JobOutcome run(PluginJob job, Inputs inputs, JobExecution.Progress progress);

    /** Whether plugin code runs outside this process, in the sandbox; results record it. */
    boolean sandboxed();
}
