package dev.lacuna.server.submission.service;

import dev.lacuna.server.account.service.Caller;
import dev.lacuna.server.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * A submitter's upload of a plugin JAR: capped at the engine's JAR size limit before it is read, validated without
 * running it, stored once per sha256, and held to the submitter's limits ({@code lacuna.platform.*}). Refusals are
 * {@link Problem}s the API answers as they are.
 */
@ApplicationScoped
public class Uploads {

    @Inject
    SubmissionIntake intake;

    /**
     * Accepts the JAR in {@code file} from {@code uploader}.
     *
     * @return the new submission, or the stored one ({@code duplicate}) when these bytes were uploaded before
     * @throws Problem 413 over the size limit, 422 when the validator refuses the JAR, 429 over a limit
     */
    public StoredSubmission upload(Caller uploader, Path file) {
        if (JarBytes.tooLarge(file)) {
            throw Problem.of(413, "A plugin JAR may be at most " + JarBytes.MAX_BYTES + " bytes.");
        }
        try {
            return intake.accept(JarBytes.read(file), uploader);
        } catch (JarBytes.Refused e) {
            String reason = e.getMessage();
            throw Problem.of(422, "The plugin JAR was " + (reason.startsWith("refused ") ? reason : "refused: " + reason))
                    .with("rule", e.rule())
                    .with("entry", e.entry());
        }
    }
}
