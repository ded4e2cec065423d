package dev.lacuna.engine.objective;

/** An objective plugin misbehaved; the message names the plugin and the step. */
public final class ObjectiveFailure extends RuntimeException {

    public ObjectiveFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public ObjectiveFailure(String message) {
        super(message);
    }
}
