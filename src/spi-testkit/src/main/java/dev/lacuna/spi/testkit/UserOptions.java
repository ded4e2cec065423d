package dev.lacuna.spi.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The user options a fake hands a plugin, and the names the plugin asked for, in the order it first asked: one
 * place for what both fakes' {@code option(name, default)} do, so a test can check a plugin reads what it documents.
 */
final class UserOptions {

    private final Map<String, String> values;
    private final Set<String> requested = new LinkedHashSet<>();

    UserOptions(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    synchronized String get(String name, String defaultValue) {
        requested.add(name);
        return values.getOrDefault(name, defaultValue);
    }

    synchronized Set<String> requested() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(requested));
    }
}
