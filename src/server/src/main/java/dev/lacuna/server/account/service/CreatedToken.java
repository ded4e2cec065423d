package dev.lacuna.server.account.service;

import dev.lacuna.server.account.model.Role;

/**
 * A token just created. Its text exists only here: the database keeps its sha256, so whoever receives this must
 * show it to its owner now or never.
 *
 * @param token the bearer token, {@code lacuna_} and 43 URL-safe base64 characters
 * @param submitterId the owner's {@code submitter.id}
 * @param name the owner's name
 * @param role what the token may do (the owner's role)
 * @param newSubmitter whether the owner was created together with the token
 */
public record CreatedToken(String token, long submitterId, String name, Role role, boolean newSubmitter) {

    /** Keeps the token out of logs and exception messages that print this record. */
    @Override
    public String toString() {
        return "CreatedToken[submitter=" + name + " (" + submitterId + "), role=" + role.label() + "]";
    }
}
