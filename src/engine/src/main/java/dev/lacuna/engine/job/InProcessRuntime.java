package dev.lacuna.engine.job;

/**
 * Runs plugin code in this JVM, with this process's rights: only for code the operator trusts (the
 * built-in baselines, a developer iterating on a plugin with {@code --trusted}). Results say
 * {@code "sandboxed": false}.
 */
public final class InProcessRuntime implements PluginRuntime {

    private final Object plugin;
    private final String name;

    /** @param plugin a {@code Localizer} or {@code UnlearningObjective} instance */
    public InProcessRuntime(Object plugin, String name) {
        this.plugin = plugin;
        this.name = name;
    }

    @Override
    public JobOutcome run(PluginJob job, Inputs inputs, JobExecution.Progress progress) {
        return JobExecution.run(job, plugin, name, inputs == null ? null : inputs.thetaO(), progress);
    }

    @Override
    public boolean sandboxed() {
        return false;
    }
}
