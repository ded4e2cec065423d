package dev.lacuna.server.submission.service;

/**
 * CDI event: a new submission was stored and its transaction committed, so observers may start evaluating it
 * and will find its rows. Fired once per stored JAR, never for a duplicate upload.
 *
 * @param submissionId the submission's id (the first 12 hex digits of its JAR's sha256)
 * @param builtin whether it is a built-in baseline the server registered rather than an upload
 */
public record SubmissionAccepted(String submissionId, boolean builtin) {
}
