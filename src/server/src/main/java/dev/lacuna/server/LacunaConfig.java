package dev.lacuna.server;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Settings of the server under the {@code lacuna.} prefix. */
@ConfigMapping(prefix = "lacuna")
public interface LacunaConfig {

    /** Where the server keeps its state: the embedded database, testbeds, uploads. */
    Path home();

    /** Folder with one sub-folder per downloaded data set ({@code tofu/}, {@code lume/}). */
    Optional<Path> dataDir();

    /**
     * The published leaderboard folder ({@code testbeds/}, {@code results/}) imported at every start; the
     * launcher points it at the checkout's {@code leaderboard/}. Absent: the board shows what is stored.
     */
    Optional<Path> leaderboardDir();

    Database database();

    interface Database {
        /** {@code embedded} when the server started its own PostgreSQL, otherwise {@code external}. */
        @WithDefault("external")
        String mode();

        /** Data directory of the embedded PostgreSQL, if that is the one in use. */
        Optional<String> location();
    }

    default Path testbedsDirectory() {
        return home().resolve("testbeds");
    }
}
