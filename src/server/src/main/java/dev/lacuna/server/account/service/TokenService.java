package dev.lacuna.server.account.service;

import dev.lacuna.server.account.model.ApiToken;
import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.model.Submitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates API tokens and recognises them. A token is 32 random bytes from {@link SecureRandom}, URL-safe base64
 * after the prefix {@code lacuna_} (so a leaked one is easy to grep for); only its sha256 is stored, so a token
 * can be checked but never recovered from the database. A fast hash suffices: the token has 256 bits of entropy,
 * unlike a password.
 */
@ApplicationScoped
public class TokenService {

    /** What every token starts with. */
    public static final String PREFIX = "lacuna_";

    private static final int TOKEN_BYTES = 32;
    /** Names appear in URLs and logs: letters, digits and {@code . _ -}, starting with a letter or digit. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** One {@code @} with something on both sides and no spaces: the mail system checks the rest. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int EMAIL_MAX = 320;
    /** Exactly what {@link #create} hands out, so anything else is refused without a database query. */
    private static final Pattern TOKEN = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

    private final SecureRandom random = new SecureRandom();

    /**
     * Creates a token for the submitter {@code name}, creating the submitter first if there is none of that name.
     * An existing submitter is reused only if {@code email} is theirs; {@code role} null means the existing
     * submitter's role, or {@link Role#SUBMITTER} for a new one, and a role that differs from an existing
     * submitter's is refused rather than silently changed.
     *
     * @throws IllegalArgumentException for a malformed name or e-mail, or one that contradicts the stored submitter
     */
    @Transactional
    public CreatedToken create(String name, String email, Role role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1 to 100 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit, got '" + name + "'");
        }
        if (email == null || email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("e-mail must look like someone@example.org (at most " + EMAIL_MAX
                    + " characters), got '" + email + "'");
        }
        Optional<Submitter> existing = Submitter.byName(name);
        Submitter submitter;
        if (existing.isPresent()) {
            submitter = existing.get();
            if (!submitter.email.equalsIgnoreCase(email)) {
                throw new IllegalArgumentException("submitter '" + name + "' already exists with another e-mail address; "
                        + "give the e-mail it was created with, or choose another name");
            }
            if (role != null && role != submitter.role) {
                throw new IllegalArgumentException("submitter '" + name + "' has role " + submitter.role.label()
                        + ", not " + role.label() + "; a token carries its submitter's role");
            }
        } else {
            submitter = new Submitter();
            submitter.name = name;
            submitter.email = email;
            submitter.role = role == null ? Role.SUBMITTER : role;
            submitter.persist();
        }
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiToken stored = new ApiToken();
        stored.submitter = submitter;
        stored.tokenSha256 = sha256(token);
        stored.persist();
        return new CreatedToken(token, submitter.id, submitter.name, submitter.role, existing.isEmpty());
    }

    /**
     * The caller a bearer token belongs to, recording that the token was used; empty for null, malformed or
     * unknown tokens.
     *
     * @param token the token itself, without the {@code Bearer } of the header
     */
    @Transactional
    public Optional<Caller> authenticate(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return ApiToken.bySha256(sha256(token)).map(stored -> {
            ApiToken.touch(stored.id);
            Submitter owner = stored.submitter;
            return new Caller(owner.id, owner.name, owner.role);
        });
    }

    /** Lower-case hex sha256 of the token's UTF-8 bytes: what {@code api_token.token_sha256} holds. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
