package dev.lacuna.server.account.service;

import dev.lacuna.server.account.model.Role;

/**
 * Who made a request, as its bearer token says: the submitter's id and name and the role their tokens carry.
 *
 * @param id the submitter's database id ({@code submitter.id})
 * @param name the submitter's unique name
 * @param role what the token may do
 */
public record Caller(long id, String name, Role role) {

    /** Whether this caller may do what any of {@code allowed} may; admins may do everything, none means any role. */
    public boolean has(Role... allowed) {
        if (role == Role.ADMIN || allowed.length == 0) {
            return true;
        }
        for (Role one : allowed) {
            if (one == role) {
                return true;
            }
        }
        return false;
    }
}
