package dev.lacuna.server.submission.service;

import dev.lacuna.engine.plugin.PluginException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * The built-in baselines the server evaluates itself: submissions without a submitter, stored and validated like
 * any upload and announced with {@link SubmissionAccepted}{@code (id, true)} when new, so they are measured on the
 * same platform as everything they are compared with.
 */
@ApplicationScoped
public class BuiltinSubmissions {

    @Inject
    SubmissionIntake intake;

    /**
     * Registers the JAR as a built-in submission unless its sha256 is stored (then returns that one as a duplicate,
     * whoever stored it, and fires nothing).
     *
     * @throws PluginException naming the JAR, when it is over the size limit or the validator refuses it
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    public StoredSubmission register(Path jar) {
        if (JarBytes.tooLarge(jar)) {
            throw new PluginException(jar + ": refused: larger than " + JarBytes.MAX_BYTES + " bytes");
        }
        try {
            return intake.accept(JarBytes.read(jar), null);
        } catch (JarBytes.Refused e) {
            throw new PluginException(jar + ": " + e.getMessage(), e);
        }
    }
}
