package dev.lacuna.engine.job;

import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.protocol.UnlearningSettings;
import dev.lacuna.spi.PluginKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of plugin code, with everything it needs and nothing more. {@code jobId} is a fresh random token
 * and, with the plugin's and testbed's hashes, must come back in the outcome: an outcome that names
 * another job is refused.
 */
public sealed interface PluginJob permits PluginJob.Describe, PluginJob.Localize, PluginJob.Unlearn {

    String jobId();

    String pluginSha256();

    PluginKind kind();

    /** Loads the plugin and asks what it suggests (an objective's learning rate); no model is loaded. */
    record Describe(String jobId, String pluginSha256, PluginKind kind) implements PluginJob {
    }

    /**
     * A localizer scores theta_o's value vectors from the forget and retain items.
     *
     * @param specialIds token ids random labels never use (padding, BOS, EOS)
     * @param seed       the seed the plugin is handed (the mask seed)
     * @param fraction   the share of value vectors the harness keeps
     */
    record Localize(String jobId, String pluginSha256, String testbedHash, ModelConfig model, List<EncodedItem> forget,
                    List<EncodedItem> retain, int padId, int[] specialIds, long seed, double fraction,
                    Map<String, String> options) implements PluginJob {

        public Localize {
            forget = List.copyOf(forget);
            retain = List.copyOf(retain);
            specialIds = specialIds.clone();
            options = Map.copyOf(new TreeMap<>(options));
        }

        @Override
        public PluginKind kind() {
            return PluginKind.LOCALIZER;
        }

        @Override
        public int[] specialIds() {
            return specialIds.clone();
        }
    }

    /**
     * An objective unlearns theta_o with its loss, changing only {@code region}'s value vectors. The region
     * carries no role: an Oracle run and a Random run look the same from inside.
     */
    record Unlearn(String jobId, String pluginSha256, String testbedHash, ModelConfig model, List<EncodedItem> forget,
                   List<EncodedItem> retain, List<EncodedItem> preferred, int padId, Region region,
                   UnlearningSettings settings) implements PluginJob {

        public Unlearn {
            forget = List.copyOf(forget);
            retain = List.copyOf(retain);
            preferred = List.copyOf(preferred);
        }

        @Override
        public PluginKind kind() {
            return PluginKind.OBJECTIVE;
        }
    }
}
