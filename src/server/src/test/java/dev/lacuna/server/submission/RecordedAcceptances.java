package dev.lacuna.server.submission;

import dev.lacuna.server.submission.service.SubmissionAccepted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link SubmissionAccepted} the application fires, for tests to look at. */
@ApplicationScoped
public class RecordedAcceptances {

    private final List<SubmissionAccepted> events = new CopyOnWriteArrayList<>();

    void record(@Observes SubmissionAccepted event) {
        events.add(event);
    }

    /** The events of this submission, in the order they were fired. */
    public List<SubmissionAccepted> of(String submissionId) {
        return events.stream().filter(e -> e.submissionId().equals(submissionId)).toList();
    }
}
