package dev.lacuna.server.job.model;

import java.util.Set;

/**
 * The states jobs and evaluations share (the schema's check constraints hold the same five): {@code queued},
 * {@code running}, then one of the final ones, after which nothing about them changes but an admin's retry.
 */
public final class RunStates {

    private static final Set<String> FINAL = Set.of("done", "failed", "cancelled");

    private RunStates() {
    }

    public static boolean isFinal(String state) {
        return FINAL.contains(state);
    }
}
