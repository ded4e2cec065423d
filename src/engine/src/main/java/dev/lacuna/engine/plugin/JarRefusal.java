package dev.lacuna.engine.plugin;

import java.nio.file.Path;

/**
 * A plugin JAR that {@link JarValidator} refused before anything in it was stored or run. The rule is a
 * stable short id ({@code path}, {@code class-version}, ...) that callers and tests can match on without
 * parsing the message; the message names the JAR, the rule and the entry for the person who submitted it.
 */
public final class JarRefusal extends PluginException {

    private final transient Path jar;
    private final String rule;
    private final String entry;

    /**
     * @param jar the refused JAR
     * @param rule the rule's id, as listed in docs/submitting.md
     * @param entry the entry the rule is about (the offending one, or the missing one), or null for the file as a whole
     * @param problem what is wrong, naming the entry if there is one
     */
    JarRefusal(Path jar, String rule, String entry, String problem) {
        this(jar, rule, entry, problem, null);
    }

    JarRefusal(Path jar, String rule, String entry, String problem, Throwable cause) {
        super(jar + ": refused by rule '" + rule + "': " + problem, cause);
        this.jar = jar;
        this.rule = rule;
        this.entry = entry;
    }

    /** The refused JAR. */
    public Path jar() {
        return jar;
    }

    /** The stable id of the rule that refused the JAR, such as {@code path} or {@code class-version}. */
    public String rule() {
        return rule;
    }

    /** The entry the rule is about, or null when the rule concerns the file as a whole (its size, its format). */
    public String entry() {
        return entry;
    }
}
