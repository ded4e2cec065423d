package dev.lacuna.engine.plan;

import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.protocol.ProtocolConfig;
import java.util.List;

/**
 * One unit of an evaluation a worker runs. It holds what the harness needs and nothing local (no paths), so
 * it can travel to any worker; plugin code only ever sees the plugin job the worker makes from it.
 */
public sealed interface Task permits Task.Testbed, Task.Calibration, Task.Localization, Task.Sweep {

    /** The testbed the task runs on. */
    TestbedRef testbed();

    /** {@code testbed}, {@code calibration}, {@code localization} or {@code sweep}. */
    String type();

    /**
     * Make the testbed ready and say what it is: the published one the ref names by hash, or without a hash the
     * stored one of this recipe, built if there is none. The outcome pins the evaluation's hash for that seed.
     */
    record Testbed(TestbedRef testbed) implements Task {

        @Override
        public String type() {
            return "testbed";
        }
    }

    /** The learning-rate walk of DESIGN 6 for {@code objective} on this seed's Oracle region. */
    record Calibration(TestbedRef testbed, PluginRef objective, ProtocolConfig config) implements Task {

        @Override
        public String type() {
            return "calibration";
        }
    }

    /**
     * A localizer's scores on this seed's theta_o, its region R and R against V_tgt.
     *
     * @param localizer null for the harness's Oracle reference
     */
    record Localization(TestbedRef testbed, PluginRef localizer, ProtocolConfig config) implements Task {

        @Override
        public String type() {
            return "localization";
        }
    }

    /**
     * One unlearning run confined to a region and its mixing sweep.
     *
     * @param role   {@code oracle} (V_tgt), {@code random} (the seed's Random region), {@code unconstrained} (every value
     *               vector) or {@code localized}
     * @param region the localizer's region for {@code localized}; null otherwise, the worker derives the region from
     *               the testbed, where the ground truth is
     */
    record Sweep(TestbedRef testbed, PluginRef objective, String role, Region region, double learningRate, ProtocolConfig config)
            implements Task {

        public Sweep {
            if (!List.of("oracle", "random", ObjectiveProtocol.UNCONSTRAINED, "localized").contains(role)) {
                throw new IllegalArgumentException("unknown sweep role '" + role + "'");
            }
            if (role.equals("localized") != (region != null)) {
                throw new IllegalArgumentException("a localized sweep names its region, an oracle, random or unconstrained one does not");
            }
        }

        @Override
        public String type() {
            return "sweep";
        }
    }
}
