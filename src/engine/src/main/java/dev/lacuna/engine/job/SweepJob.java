package dev.lacuna.engine.job;

import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.protocol.ProtocolConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * One (seed, region) sweep, whole, as a {@code --jobs} child process (harness code) runs it: which stored
 * testbed, which region and rate, the complete protocol settings, the objective and where its code runs
 * (sandboxed, with these sandbox settings, or trusted). The child rebuilds nothing from defaults, so parent
 * and child cannot disagree about a setting. Unlike a {@link PluginJob} it names harness paths and the
 * region's role: it never reaches plugin code, which gets only the {@link PluginJob.Unlearn} made from it.
 *
 * @param name    the region's role: {@code oracle}, {@code random} or {@code localized}
 * @param sandbox the sandbox settings by name (the worker module reads them), empty when trusted
 */
public record SweepJob(String store, String dataDir, long syntheticSeed, String testbedHash, String name, Region region,
                       double learningRate, ProtocolConfig config, String pluginJar, String pluginSha256, boolean sandboxed,
                       Map<String, String> sandbox) {

    public SweepJob {
        sandbox = Map.copyOf(new TreeMap<>(sandbox));
    }
}
