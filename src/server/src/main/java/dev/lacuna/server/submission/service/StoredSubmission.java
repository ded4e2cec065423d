package dev.lacuna.server.submission.service;

/**
 * A submission as stored, and whether the JAR that was just offered was already there.
 *
 * @param id the first 12 hex digits of the JAR's sha256
 * @param kind {@code objective} or {@code localizer}
 * @param duplicate true when a JAR with these bytes was stored before: nothing new was stored, no event fired
 */
public record StoredSubmission(String id, String kind, String name, String version, String sha256, boolean builtin,
                               boolean duplicate) {
}
