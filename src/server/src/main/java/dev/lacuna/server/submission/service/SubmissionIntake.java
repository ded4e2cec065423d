package dev.lacuna.server.submission.service;

import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.server.account.service.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one way a JAR becomes a submission, for uploads and built-ins alike: a stored sha256 is a duplicate before
 * anything else is done; otherwise the JAR is validated, stored, and announced with {@link SubmissionAccepted}
 * after its transaction committed.
 */
@ApplicationScoped
class SubmissionIntake {

    private static final Logger LOG = Logger.getLogger(SubmissionIntake.class);

    @Inject
    SubmissionStore store;

    @Inject
    Event<SubmissionAccepted> accepted;

    /**
     * @param uploader null for a built-in baseline
     * @throws JarBytes.Refused when the validator refuses the JAR
     */
    StoredSubmission accept(JarBytes jar, Caller uploader) {
        Optional<StoredSubmission> existing = store.find(jar.sha256());
        if (existing.isPresent()) {
            return existing.get();
        }
        PluginDescriptor descriptor = jar.describe();
        StoredSubmission stored;
        try {
            stored = store.store(jar, descriptor, uploader);
        } catch (PersistenceException e) {
            // the same bytes stored by another request between our look-up and our insert
            stored = store.find(jar.sha256()).orElseThrow(() -> e);
        }
        if (!stored.duplicate()) {
            announce(stored);
        }
        return stored;
    }

    /**
     * Fires the event; an observer that fails is logged, not passed on, because the submission is committed and the
     * answer to its upload must say so.
     */
    private void announce(StoredSubmission stored) {
        try {
            accepted.fire(new SubmissionAccepted(stored.id(), stored.builtin()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "submission %s is stored, but an observer of its acceptance failed", stored.id());
        }
    }
}
