package dev.lacuna.engine.testbed;

/** A stored testbed whose files no longer match its manifest; nothing may be evaluated on it. */
public class CorruptTestbedException extends IllegalStateException {

    public CorruptTestbedException(String message) {
        super(message);
    }
}
