package dev.lacuna.server.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.plugin.PluginException;
import dev.lacuna.server.PostgresTestResource;
import dev.lacuna.server.submission.model.Submission;
import dev.lacuna.server.submission.service.BuiltinSubmissions;
import dev.lacuna.server.submission.service.PluginJars;
import dev.lacuna.server.submission.service.StoredSubmission;
import dev.lacuna.server.submission.service.SubmissionAccepted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in baselines: stored without a submitter, validated like uploads, announced once. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class BuiltinSubmissionsTest {

    @Inject
    BuiltinSubmissions builtins;

    @Inject
    PluginJars pluginJars;

    @Inject
    RecordedAcceptances acceptances;

    @TempDir
    Path folder;

    @Transactional
    Submission stored(String id) {
        return Submission.findById(id);
    }

    @Test
    void aBuiltinIsStoredOnceWithoutASubmitterAndAnnouncedAsBuiltin() throws Exception {
        Path jar = TestJars.fresh(folder, "random-localizer");

        StoredSubmission first = builtins.register(jar);
        StoredSubmission again = builtins.register(jar);

        assertThat(first.duplicate()).isFalse();
        assertThat(first.builtin()).isTrue();
        assertThat(first.kind()).isEqualTo("localizer");
        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        Submission row = stored(first.id());
        assertThat(row.builtin).isTrue();
        assertThat(row.submitter).isNull();
        assertThat(row.sha256).startsWith(first.id()).isEqualTo(first.sha256());
        assertThat(acceptances.of(first.id())).containsExactly(new SubmissionAccepted(first.id(), true));
        assertThat(pluginJars.bytes(first.sha256())).hasValueSatisfying(
                bytes -> assertThat(bytes).isEqualTo(read(jar)));
    }

    @Test
    void aBuiltinTheValidatorRefusesIsNotStored() {
        Path jar = TestJars.withEntry(folder, "npo-objective", "lib/native.so");

        assertThatThrownBy(() -> builtins.register(jar)).isInstanceOf(PluginException.class)
                .hasMessageContaining(jar.toString()).hasMessageContaining("'native-library'");
    }

    @Test
    void pluginJarsAnswersOnlyForStoredHashes() {
        assertThat(pluginJars.bytes("0".repeat(64))).isEmpty();
        assertThat(pluginJars.bytes("not hex")).isEmpty();
        assertThat(pluginJars.bytes(null)).isEmpty();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
