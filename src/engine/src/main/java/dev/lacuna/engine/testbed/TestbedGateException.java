package dev.lacuna.engine.testbed;

import java.util.List;

/** A build whose models missed the quality gates; nothing was stored. */
public class TestbedGateException extends IllegalStateException {

    private final Gates gates;

    public TestbedGateException(Gates gates, List<String> failures) {
        super("testbed build failed its quality gates, nothing stored: " + String.join("; ", failures));
        this.gates = gates;
    }

    public Gates gates() {
        return gates;
    }
}
