package dev.lacuna.server.leaderboard.service;

import dev.lacuna.server.LacunaConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Imports the configured leaderboard folder when the server starts, so a fresh checkout's
 * {@code ./lacuna serve} shows the committed results without any evaluation. A missing folder or a
 * refused file is logged, never fatal: the rest of the board still serves.
 */
@ApplicationScoped
public class LeaderboardStartup {

    private static final Logger LOG = Logger.getLogger(LeaderboardStartup.class);

    @Inject
    LacunaConfig config;

    @Inject
    LeaderboardImport importer;

    void importAtStart(@Observes StartupEvent event) {
        if (Boolean.getBoolean(ImportLeaderboardCommand.RUNNING)) {
            return;
        }
        config.leaderboardDir().ifPresent(this::importQuietly);
    }

    private void importQuietly(Path folder) {
        if (!Files.isDirectory(folder)) {
            LOG.warnf("leaderboard folder %s does not exist; the board shows only what the database holds", folder);
            return;
        }
        ImportReport report = importer.importFrom(folder);
        if (report.refused().isEmpty()) {
            LOG.infof("leaderboard %s imported: %s", folder, report.describe());
        } else {
            LOG.warnf("leaderboard %s imported with refusals: %s", folder, report.describe());
        }
    }
}
