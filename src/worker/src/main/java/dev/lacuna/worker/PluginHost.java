package dev.lacuna.worker;

import dev.lacuna.engine.job.GroundTruthScorer;
import dev.lacuna.engine.job.InProcessRuntime;
import dev.lacuna.engine.job.PluginRuntime;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.plugin.LoadedPlugin;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.engine.protocol.LocalizerProtocol;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.worker.sandbox.SandboxRuntime;
import dev.lacuna.worker.sandbox.SandboxSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One plugin made ready for an evaluation: where its code will run (the sandbox by default, this process
 * when the operator trusts it) and what results record about it. Closing it releases the JAR or the
 * sandbox's staged files. The one place that decides between the two, so every caller (command line,
 * sweep children, platform workers) decides the same way.
 */
public final class PluginHost implements AutoCloseable {

    private final PluginRuntime runtime;
    private final String name;
    private final String version;
    private final String sha256;
    private final AutoCloseable resource;

    private PluginHost(PluginRuntime runtime, String name, String version, String sha256, AutoCloseable resource) {
        this.runtime = runtime;
        this.name = name;
        this.version = version;
        this.sha256 = sha256;
        this.resource = resource;
    }

    /**
     * @param plugin  a validated JAR ({@link PluginLoader#describe})
     * @param trusted run it in this process; false runs every job in the sandbox
     */
    public static PluginHost open(PluginDescriptor plugin, boolean trusted, SandboxSettings limits) {
        if (trusted) {
            LoadedPlugin<?> loaded = PluginLoader.load(plugin.jar(), PluginLoader.interfaceOf(plugin.kind()));
            return new PluginHost(new InProcessRuntime(loaded.instance(), plugin.name()), plugin.name(), plugin.version(),
                    plugin.sha256(), loaded);
        }
        SandboxRuntime sandbox = SandboxRuntime.open(plugin, limits);
        return new PluginHost(sandbox, plugin.name(), plugin.version(), plugin.sha256(), sandbox);
    }

    /** The harness's Oracle localizer for these testbeds: harness code that reads V_tgt, never a plugin. */
    public static PluginHost oracle(List<SeedTestbed> seeds) {
        Map<String, Region> truth = new LinkedHashMap<>();
        seeds.forEach(s -> truth.put(s.hash(), s.target()));
        return new PluginHost(new GroundTruthScorer(truth), GroundTruthScorer.NAME, "reference",
                sha256(GroundTruthScorer.class.getName()), () -> { });
    }

    /** How this plugin's code is confined, for the evaluation's log. */
    public String confinement() {
        if (runtime instanceof SandboxRuntime sandbox) {
            return "sandbox: " + sandbox.describeLimits();
        }
        return runtime instanceof GroundTruthScorer ? "harness code" : "trusted: in this process, with its rights";
    }

    public PluginRuntime runtime() {
        return runtime;
    }

    public ObjectiveProtocol.Plugin objectivePlugin() {
        return new ObjectiveProtocol.Plugin(runtime, name, version, sha256);
    }

    public LocalizerProtocol.Plugin localizerPlugin() {
        return new LocalizerProtocol.Plugin(runtime, name, version, sha256);
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release plugin " + name + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
