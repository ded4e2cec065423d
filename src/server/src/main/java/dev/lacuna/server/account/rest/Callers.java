package dev.lacuna.server.account.rest;

import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.service.Caller;
import dev.lacuna.server.account.service.TokenService;
import dev.lacuna.server.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who is calling, from the request's {@code Authorization: Bearer <token>} header, for resources that need to know.
 * Each resource asks for the roles it serves at the call, not in a filter configured elsewhere, so reading an
 * endpoint shows who may use it. A missing or unknown token is a 401 with {@code WWW-Authenticate: Bearer}
 * (RFC 6750), a role that may not is a 403; both are {@link Problem}s and so answer as problem JSON.
 */
@ApplicationScoped
public class Callers {

    private static final String SCHEME = "bearer ";

    @Inject
    TokenService tokens;

    /**
     * The caller, if their role is one of {@code allowed}; admins are always allowed, and no roles means any role.
     *
     * @throws Problem 401 without a valid token, 403 for a role not allowed
     */
    public Caller require(HttpHeaders headers, Role... allowed) {
        return require(headers.getHeaderString(HttpHeaders.AUTHORIZATION), allowed);
    }

    /** As {@link #require(HttpHeaders, Role...)}, from a request filter. */
    public Caller require(ContainerRequestContext request, Role... allowed) {
        return require(request.getHeaderString(HttpHeaders.AUTHORIZATION), allowed);
    }

    /**
     * As {@link #require(HttpHeaders, Role...)}, from the {@code Authorization} header's value (null if absent).
     */
    public Caller require(String authorization, Role... allowed) {
        if (authorization == null || authorization.isBlank()) {
            throw Problem.of(Response.Status.UNAUTHORIZED, "This needs an API token: send 'Authorization: Bearer "
                            + "<token>'. An admin creates one with './lacuna admin token create'.")
                    .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        String header = authorization.strip();
        if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            throw invalid("The Authorization header must be 'Bearer <token>'.");
        }
        Caller caller = tokens.authenticate(header.substring(SCHEME.length()).strip())
                .orElseThrow(() -> invalid("The bearer token is not valid: it is malformed, or no such token exists."));
        if (!caller.has(allowed)) {
            throw Problem.of(Response.Status.FORBIDDEN, "This needs the role "
                    + Arrays.stream(allowed).map(Role::label).collect(Collectors.joining(" or "))
                    + " (or admin); the token of '" + caller.name() + "' has the role " + caller.role().label() + ".");
        }
        return caller;
    }

    private static Problem invalid(String detail) {
        return Problem.of(Response.Status.UNAUTHORIZED, detail)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
    }
}
