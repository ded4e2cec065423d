package dev.lacuna.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.server.PostgresTestResource;
import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.service.AdminTokenCreateCommand;
import dev.lacuna.server.account.service.Caller;
import dev.lacuna.server.account.service.CreatedToken;
import dev.lacuna.server.account.service.TokenService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tokens: created once, stored as their sha256 only, recognised afterwards; and the command that makes them. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TokenServiceTest {

    @Inject
    TokenService tokens;

    @Inject
    AdminTokenCreateCommand command;

    @Inject
    EntityManager entities;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Every column of the api_token rows of this submitter, as text. */
    @Transactional
    List<String> tokenRows(long submitterId) {
        List<?> rows = entities.createNativeQuery("select id, submitter_id, token_sha256, created_at, last_used_at"
                + " from api_token where submitter_id = ?1").setParameter(1, submitterId).getResultList();
        return rows.stream().map(row -> Arrays.toString((Object[]) row)).toList();
    }

    @Transactional
    Object lastUsed(String sha256) {
        return entities.createNativeQuery("select last_used_at from api_token where token_sha256 = ?1")
                .setParameter(1, sha256).getSingleResult();
    }

    @Test
    void aTokenIsRandomPrefixedAndOnlyItsSha256IsStored() {
        String name = unique("alice");
        CreatedToken created = tokens.create(name, name + "@example.org", null);

        assertThat(created.token()).startsWith("lacuna_").hasSize("lacuna_".length() + 43)
                .matches("lacuna_[A-Za-z0-9_-]{43}");
        assertThat(created.role()).isEqualTo(Role.SUBMITTER);
        assertThat(created.newSubmitter()).isTrue();
        assertThat(created.toString()).doesNotContain(created.token());
        List<String> rows = tokenRows(created.submitterId());
        assertThat(rows).hasSize(1);
        String secret = created.token().substring("lacuna_".length());
        assertThat(rows.get(0)).doesNotContain(secret).contains(TokenService.sha256(created.token()));
        assertThat(tokens.create(name, name + "@example.org", null).token()).isNotEqualTo(created.token());
    }

    @Test
    void authenticatingNamesTheCallerAndRecordsTheUse() {
        String name = unique("bob");
        CreatedToken created = tokens.create(name, name + "@example.org", Role.WORKER);
        assertThat(lastUsed(TokenService.sha256(created.token()))).isNull();

        Optional<Caller> caller = tokens.authenticate(created.token());

        assertThat(caller).contains(new Caller(created.submitterId(), name, Role.WORKER));
        assertThat(lastUsed(TokenService.sha256(created.token()))).isNotNull();
        assertThat(tokens.authenticate(created.token() + "x")).isEmpty();
        assertThat(tokens.authenticate("lacuna_" + "B".repeat(43))).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
    }

    @Test
    void anExistingNameIsReusedOnlyWithItsOwnEmailAndRole() {
        String name = unique("carol");
        CreatedToken first = tokens.create(name, name + "@example.org", Role.ADMIN);

        CreatedToken second = tokens.create(name, name + "@example.org", null);
        assertThat(second.submitterId()).isEqualTo(first.submitterId());
        assertThat(second.role()).isEqualTo(Role.ADMIN);
        assertThat(second.newSubmitter()).isFalse();

        assertThatThrownBy(() -> tokens.create(name, "someone-else@example.org", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists with another e-mail");
        assertThatThrownBy(() -> tokens.create(name, name + "@example.org", Role.WORKER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has role admin, not worker");
        assertThatThrownBy(() -> tokens.create("no spaces allowed", "x@example.org", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name must be");
        assertThatThrownBy(() -> tokens.create(unique("dave"), "not-an-address", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e-mail must look like");
    }

    @Test
    void theCommandPrintsOnlyTheTokenOnStdoutAndWarnsOnStderr() {
        String name = unique("erin");
        Streams streams = new Streams();

        int status = command.run(streams.out, streams.err, "admin-token-create", "--name", name, "--email",
                name + "@example.org", "--role", "worker");

        assertThat(status).isZero();
        String token = streams.out().strip();
        assertThat(token).matches("lacuna_[A-Za-z0-9_-]{43}");
        assertThat(streams.err()).contains("shown only this once").contains(name).doesNotContain(token);
        assertThat(tokens.authenticate(token)).map(Caller::role).contains(Role.WORKER);
    }

    @Test
    void theCommandRefusesBadArgumentsWithStatus2AndAReason() {
        assertRefused("--email is required", "admin-token-create", "--name", unique("frank"));
        assertRefused("--name is required", "admin-token-create", "--email", "f@example.org");
        assertRefused("--role: unknown role 'root'", "admin-token-create", "--name", unique("frank"), "--email",
                "f@example.org", "--role", "root");
        assertRefused("unknown option '--nme'", "admin-token-create", "--nme", "frank");
        assertRefused("--name needs a value", "admin-token-create", "--email", "f@example.org", "--name");
        assertRefused("--name given twice", "admin-token-create", "--name", "a", "--name", "b", "--email", "f@example.org");
        assertRefused("e-mail must look like", "admin-token-create", "--name", unique("frank"), "--email", "nope");
    }

    private void assertRefused(String reason, String... args) {
        Streams streams = new Streams();
        assertThat(command.run(streams.out, streams.err, args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(streams.out()).isEmpty();
        assertThat(streams.err()).contains("lacuna: ").contains(reason);
    }

    private static final class Streams {
        private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        String out() {
            return outBytes.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }
}
