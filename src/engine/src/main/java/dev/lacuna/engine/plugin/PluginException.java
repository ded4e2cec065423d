package dev.lacuna.engine.plugin;

/**
 * A plugin JAR that cannot be used, with a message that says which JAR and why. Not final so that
 * {@link JarRefusal} can add the rule that refused the JAR while callers keep catching this one type.
 */
public class PluginException extends RuntimeException {

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
