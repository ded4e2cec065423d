package dev.lacuna.engine.plan;

import dev.lacuna.engine.model.Region;
import dev.lacuna.results.LocalizationReport;
import dev.lacuna.results.Run;
import dev.lacuna.results.ScoreDistribution;

/** What a finished {@link Task} hands back, one kind per task type. */
public sealed interface TaskOutcome permits TaskOutcome.TestbedReady, TaskOutcome.Calibrated, TaskOutcome.Localized,
        TaskOutcome.Swept {

    /**
     * The testbed a worker found or built.
     *
     * @param utility  whether its data has the paraphrased/perturbed answers and utility sets MU and FQ need
     * @param manifest the testbed's {@code manifest.json}, as the board's testbed pages show it
     */
    record TestbedReady(String hash, String id, boolean utility, String manifest) implements TaskOutcome {
    }

    /** The calibrated (or, without a rate reaching the target, the largest) learning rate and every probe. */
    record Calibrated(dev.lacuna.results.Calibration calibration, double seconds) implements TaskOutcome {
    }

    /** A localizer's region on one seed and what the result records of it. */
    record Localized(Region region, LocalizationReport report, ScoreDistribution distribution, double seconds)
            implements TaskOutcome {
    }

    /** A sweep's run and the seconds its stages took. */
    record Swept(Run run, double unlearningSeconds, double scoringSeconds, double generationSeconds) implements TaskOutcome {
    }
}
