package dev.lacuna.engine.protocol;

import dev.lacuna.engine.model.Region;
import dev.lacuna.results.Run;
import java.util.List;

/**
 * Where the independent (seed, region) sweeps of a protocol run. The protocols hand over every sweep at
 * once after calibration; the default runs them one after another in this process, the command line can
 * spread them over single-thread child processes, which on a CPU outrun one multi-thread process.
 */
@FunctionalInterface
public interface SweepExecutor {

    /**
     * One unlearning run and its mixing sweep.
     *
     * @param seed         index into the protocol's list of seeds
     * @param name         the region's role: {@code oracle}, {@code random} or {@code localized}
     * @param region       the value vectors the objective may change
     * @param learningRate the calibrated (or fixed) rate
     */
    record Job(int seed, String name, Region region, double learningRate) {
    }

    /** A finished sweep and the seconds its stages took. */
    record Outcome(Run run, double unlearning, double scoring, double generation) {
    }

    /** Told of each sweep the moment it is done, in any order, so a caller can keep it before the others end. */
    @FunctionalInterface
    interface Finished {
        void done(int index, Outcome outcome);
    }

    /**
     * Runs every job; outcomes in job order, each also handed to {@code finished} as soon as it is done (from any
     * thread). Fails as a whole if any job fails, after handing over those that finished.
     */
    List<Outcome> runAll(List<Job> jobs, Finished finished);
}
