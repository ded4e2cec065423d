package dev.lacuna.engine.plan;

import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.spi.PluginKind;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What one evaluation measures: a plugin on a testbed family over mask seeds, with the protocol settings.
 *
 * @param plugin      the plugin under test (for the Oracle reference localizer, the identity results give it)
 * @param groundTruth the plugin is the harness's Oracle localizer, which reads V_tgt itself
 * @param reference   localizers: the objective that unlearns in every region; null for objectives
 * @param seeds       mask seeds, the first calibrates
 */
public record EvaluationSpec(PluginKind kind, PluginRef plugin, boolean groundTruth, PluginRef reference, String data,
                             String model, List<Long> seeds, ProtocolConfig config) {

    public EvaluationSpec {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty() || new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("an evaluation needs distinct mask seeds, got " + seeds);
        }
        if ((kind == PluginKind.LOCALIZER) != (reference != null)) {
            throw new IllegalArgumentException("a localizer evaluation names its reference objective, an objective evaluation does not");
        }
        if (groundTruth && kind != PluginKind.LOCALIZER) {
            throw new IllegalArgumentException("only the Oracle localizer reads the ground truth");
        }
    }

    /** The objective that unlearns: the plugin itself, or a localizer's reference. */
    public PluginRef objective() {
        return kind == PluginKind.OBJECTIVE ? plugin : reference;
    }

    /** {@code data/model}, as results name the testbed. */
    public String testbedId() {
        return data + "/" + model;
    }
}
