package dev.lacuna.engine.plan;

/**
 * A plugin a task runs, by the sha256 of its JAR (a worker fetches the JAR by it and checks it), with what results
 * record of it. {@code sandboxed} is false only for harness code: the bundled reference objective, which
 * {@code ./lacuna evaluate} also runs in its own process.
 */
public record PluginRef(String sha256, String name, String version, boolean sandboxed) {

    public PluginRef {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a plugin is named by the 64 hex digits of its JAR's sha256, got " + sha256);
        }
    }

    /** How a result names this plugin. */
    public dev.lacuna.results.Plugin recorded() {
        return new dev.lacuna.results.Plugin(name, version, sha256);
    }
}
