package dev.lacuna.server.account.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a submitter's tokens may do. A submitter uploads plugins; a worker claims and reports evaluation jobs; an
 * admin may do both and is exempt from the upload limits. Stored as its lower-case label, as the schema's check
 * constraint spells it.
 */
public enum Role {
    SUBMITTER,
    WORKER,
    ADMIN;

    /** The word stored in {@code submitter.role} and accepted on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code submitter}, {@code worker} or {@code admin}; the error names the accepted words. */
    public static Role fromLabel(String label) {
        for (Role role : values()) {
            if (role.label().equals(label)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label + "': expected "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }
}
