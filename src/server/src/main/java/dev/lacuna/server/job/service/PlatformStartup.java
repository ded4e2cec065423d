package dev.lacuna.server.job.service;

import dev.lacuna.server.LacunaConfig;
import dev.lacuna.server.job.model.EvaluationRecord;
import dev.lacuna.server.submission.model.Submission;
import dev.lacuna.server.submission.service.BuiltinSubmissions;
import dev.lacuna.server.submission.service.SubmissionAccepted;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Starts evaluations: of every newly accepted submission, on the default testbed; at start, of the built-in baselines
 * the first time they are seen (so the board is never empty), and of any submission a crash left without one; and it
 * continues every evaluation a stop interrupted.
 */
@ApplicationScoped
public class PlatformStartup {

    private static final Logger LOG = Logger.getLogger(PlatformStartup.class);

    @Inject
    LacunaConfig config;

    @Inject
    Herder herder;

    @Inject
    BuiltinSubmissions builtins;

    void accepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) SubmissionAccepted accepted) {
        try {
            herder.startDefault(accepted.submissionId());
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot start the evaluation of submission %s; it is started again at the next start",
                    accepted.submissionId());
        }
    }

    void start(@Observes StartupEvent event) {
        // a command run of the server application (import, token) starts no evaluation
        if (dev.lacuna.server.Main.commandRun()) {
            return;
        }
        herder.resumeAll();
        config.platform().builtinsDir().ifPresent(this::registerBuiltins);
        startMissing();
    }

    /** Registers the baselines' JARs, objectives first (localizer evaluations need the reference objective). */
    private void registerBuiltins(Path folder) {
        for (Path jar : builtinJars(folder)) {
            try {
                builtins.register(jar);
            } catch (RuntimeException e) {
                LOG.errorf("built-in %s not registered: %s", jar, e.getMessage());
            }
        }
    }

    /** {@code <folder>/<name>/target/<name>-<version>.jar} of every baseline, objectives before localizers. */
    static List<Path> builtinJars(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            return dirs.filter(Files::isDirectory).flatMap(dir -> {
                        String name = dir.getFileName().toString();
                        try (Stream<Path> jars = Files.list(dir.resolve("target"))) {
                            return jars.filter(j -> j.getFileName().toString().matches(java.util.regex.Pattern.quote(name)
                                    + "-[0-9][^/]*\\.jar") && !j.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                                    .toList().stream();
                        } catch (IOException e) {
                            return Stream.empty();
                        }
                    })
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().contains("-localizer"))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the built-ins in " + folder, e);
        }
    }

    @Transactional
    void startMissing() {
        List<Submission> all = Submission.listAll();
        all.sort(Comparator.comparing((Submission s) -> s.kind.equals("localizer")).thenComparing(s -> s.name));
        for (Submission s : all) {
            if (EvaluationRecord.bySubmission(s.id).isEmpty()) {
                try {
                    herder.startDefault(s.id);
                } catch (RuntimeException e) {
                    LOG.errorf("cannot start the evaluation of %s (%s): %s", s.name, s.id, e.getMessage());
                }
            }
        }
    }
}
