package dev.lacuna.engine.protocol;

import dev.lacuna.results.Calibration;
import java.util.Optional;

/**
 * Where a protocol keeps its finished calibration and sweeps across runs, so an evaluation that was interrupted
 * (Ctrl-C, SIGKILL, the machine gone) and started again skips what it already did and ends with the same result;
 * and the scores that are the same in every sweep on a testbed (theta_o's, theta_r's truth ratios), so they are
 * computed once per testbed rather than once per sweep or child process. Each is found by what determines it
 * (testbed, data, plugin, region, rate, settings), never by when it ran.
 */
public interface RunStore {

    /** The calibration of {@code objective} on {@code seed} with the protocol's settings, if one was kept. */
    Optional<Kept<Calibration>> calibration(SeedTestbed seed, ObjectiveProtocol.Plugin objective);

    void keepCalibration(SeedTestbed seed, ObjectiveProtocol.Plugin objective, Calibration calibration, double seconds);

    /** The sweep of {@code job} on {@code seed}, if one was kept. */
    Optional<SweepExecutor.Outcome> sweep(SeedTestbed seed, ObjectiveProtocol.Plugin objective, SweepExecutor.Job job);

    void keepSweep(SeedTestbed seed, ObjectiveProtocol.Plugin objective, SweepExecutor.Job job, SweepExecutor.Outcome outcome);

    /** theta_o's scores on the seed's data, the alpha = 0 point of every sweep on that testbed, if kept. */
    Optional<ModelScores> baseline(SeedTestbed seed, boolean withUtility);

    void keepBaseline(SeedTestbed seed, boolean withUtility, ModelScores scores);

    /** theta_r's forget truth ratios on the seed's data (all Forget Quality needs of theta_r), if kept. */
    Optional<double[]> goldRatios(SeedTestbed seed);

    void keepGoldRatios(SeedTestbed seed, double[] ratios);

    /** Something kept with the seconds it took when it was computed. */
    record Kept<T>(T value, double seconds) {
    }
}
