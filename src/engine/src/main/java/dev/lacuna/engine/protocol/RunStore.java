package dev.lacuna.engine.protocol;

import dev.lacuna.results.Calibration;
import java.util.Optional;

/**
 * Where a protocol keeps its finished calibration and sweeps across runs, so an evaluation that was interrupted
 * (Ctrl-C, SIGKILL, the machine gone) and started again skips what it already did and ends with the same result.
 * Each is found by what determines it (testbed, plugin, region, rate, settings), never by when it ran.
 */
public interface RunStore {

    /** The calibration of {@code objective} on {@code seed} with the protocol's settings, if one was kept. */
    Optional<Kept<Calibration>> calibration(SeedTestbed seed, ObjectiveProtocol.Plugin objective);

    void keepCalibration(SeedTestbed seed, ObjectiveProtocol.Plugin objective, Calibration calibration, double seconds);

    /** The sweep of {@code job} on {@code seed}, if one was kept. */
    Optional<SweepExecutor.Outcome> sweep(SeedTestbed seed, ObjectiveProtocol.Plugin objective, SweepExecutor.Job job);

    void keepSweep(SeedTestbed seed, ObjectiveProtocol.Plugin objective, SweepExecutor.Job job, SweepExecutor.Outcome outcome);

    /** Something kept with the seconds it took when it was computed. */
    record Kept<T>(T value, double seconds) {
    }
}
