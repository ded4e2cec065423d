package dev.lacuna.engine.plugin;

/** A plugin JAR that cannot be used, with a message that says which JAR and why. */
public final class PluginException extends RuntimeException {

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
