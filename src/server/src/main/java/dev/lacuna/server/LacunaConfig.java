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

    Platform platform();

    /** The platform: uploads, evaluations and the workers that run them. */
    interface Platform {
        /**
         * Uploads a submitter may make in any 24 hours (admins: no limit). Duplicates of a stored JAR do not count,
         * nor do uploads whose every evaluation failed by the platform's fault.
         */
        @WithDefault("20")
        int uploadsPerDay();

        /**
         * Evaluations of one submitter's submissions that may be queued or running at once; beyond it their uploads
         * wait (admins: no limit).
         */
        @WithDefault("2")
        int concurrentEvaluations();

        /** Seconds a worker's lease on a job lasts without a heartbeat; workers heartbeat every third of it. */
        @WithDefault("60")
        int leaseSeconds();

        /** Attempts a job gets when workers die or the platform fails it; a plugin's own failure is final at once. */
        @WithDefault("3")
        int maxAttempts();

        /** The testbed family (data/model) new submissions are evaluated on. */
        @WithDefault("synthetic/tiny")
        String defaultTestbed();

        /** Mask seeds of those evaluations; the first calibrates. */
        @WithDefault("7,19,31,47,99")
        java.util.List<Long> defaultSeeds();

        /** Mixing coefficients of every platform evaluation, evenly spaced from 0 to 1 (DESIGN 6: 21). */
        @WithDefault("21")
        int alphas();

        /** Rounds of the permutation and bootstrap tests (DESIGN 6: 10,000). */
        @WithDefault("10000")
        int permutations();

        /**
         * The unlearning schedule as {@code EPOCHS,STEPS} (at least so many of each), as {@code evaluate --schedule};
         * absent: the protocol's standard (Lee et al.). Shorter schedules are for checks, and results record them.
         */
        Optional<java.util.List<Integer>> schedule();

        /** Calibration grid points below and above the suggested rate, as {@code evaluate --calibration-grid}. */
        Optional<java.util.List<Integer>> calibrationGrid();

        /**
         * Whether objective evaluations add the unconstrained scenario (every value vector trainable) to Oracle and
         * Random, one more sweep per seed. Off only to time the platform on the two sweeps of DESIGN 6 alone.
         */
        @WithDefault("true")
        boolean unconstrained();

        /**
         * Folder of the built-in baselines ({@code submissions/}, each with its JAR under {@code target/}); they are
         * registered at start and, the first time, evaluated on the default testbed. Absent: none.
         */
        Optional<Path> builtinsDir();

        /**
         * The command line's JAR ({@code lacuna-cli.jar}); with it the server runs one worker of its own, as a child
         * process, so a single {@code ./lacuna serve} evaluates what is submitted. Absent: only outside workers.
         */
        Optional<Path> cliJar();

        /** Whether to run that worker when the JAR is known. */
        @WithDefault("true")
        boolean localWorker();
    }

    default Path testbedsDirectory() {
        return home().resolve("testbeds");
    }
}
