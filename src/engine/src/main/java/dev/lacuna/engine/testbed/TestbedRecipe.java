package dev.lacuna.engine.testbed;

import dev.lacuna.engine.training.AdamWConfig;
import dev.lacuna.engine.training.TrainingConfig;

/**
 * How to build a testbed from data (DESIGN 4): training of theta_r, the region fraction p, injection of
 * theta_o with {@code L_forget + lambda * L_retain}, and the gates. Both stages stop early once their
 * target is reached, checked every {@code evaluateEvery} epochs, so a recipe states a budget rather than an
 * exact length.
 *
 * @param initSeed        seed of theta_p, the fresh initialisation
 * @param retainTraining  stage A (all parameters, retain + utility)
 * @param retainTarget    stage A stops once mean retain ES reaches this
 * @param fraction        size of V_tgt as a fraction of all value vectors
 * @param injection       stage B (V_tgt only); its {@code retainWeight} is lambda
 * @param forgetTarget    stage B stops once mean forget ES reaches this (and the retain gate holds)
 * @param evaluateEvery   epochs between ES checks
 * @param thresholds      gates the result must pass to be stored
 */
public record TestbedRecipe(long initSeed, TrainingConfig retainTraining, double retainTarget, double fraction,
                            TrainingConfig injection, double forgetTarget, int evaluateEvery, GateThresholds thresholds) {

    public TestbedRecipe {
        if (!(fraction > 0 && fraction <= 1) || evaluateEvery < 1) {
            throw new IllegalArgumentException("invalid recipe: " + this);
        }
    }

    /**
     * For the {@code small} model: p = 25 %, lambda = 2, standard gates. Stage A runs at twice the
     * feasibility prototype's all-parameter rate with a cosine decay over at most 40 epochs and stops at
     * retain ES 0.88, which leaves the retain gate (0.80, within 0.05 of theta_r) room. p follows the
     * paper's rule, measured on TOFU (mask seed 7, docs/benchmarks.md): with 10 % of the value vectors the
     * injection reached forget ES 0.18 after 10 epochs even at lr 1.5e-2; at lr 1e-2, 25 % reached 0.53 and
     * 0.77 after 10 and 15 epochs, all value vectors 0.66 and 0.69, so 25 % is the smallest ratio tried that
     * keeps pace with the unmasked run. The
     * injection decays its rate over at most 40 epochs so that retain ES can settle back once forget ES has
     * reached 0.90.
     */
    public static TestbedRecipe small() {
        return new TestbedRecipe(1,
                new TrainingConfig(40, 32, 0, AdamWConfig.of(2e-3).withWarmup(100)
                        .withSchedule(AdamWConfig.Schedule.COSINE, 0.1), 1), 0.88,
                0.25,
                new TrainingConfig(40, 16, 2.0, AdamWConfig.of(1e-2).withWarmup(50)
                        .withSchedule(AdamWConfig.Schedule.COSINE, 0.1), 2), 0.90,
                5, GateThresholds.standard());
    }

    /**
     * For the {@code small} model on data sets of short PII answers (LUME, synthetic): {@link #small()} with
     * twice the stage-A updates per epoch (batch 16) and a budget of 200 epochs. Their answers are random
     * digit strings keyed by a name, which take far more exposures to memorise than TOFU's prose: on LUME an
     * 80-epoch budget ended at retain ES 0.47 (about 40 minutes on two threads), short of the 0.75 theta_r
     * needs, with ES still rising, and a higher rate does not help (lr 5e-3 stalled at loss 2.28). Such a
     * build is longer than an hour on a two-core CPU; it checkpoints every ES check and resumes. See
     * docs/benchmarks.md; the injection and the gates are small()'s.
     */
    public static TestbedRecipe smallShortAnswers() {
        TestbedRecipe base = small();
        return new TestbedRecipe(base.initSeed(),
                new TrainingConfig(200, 16, 0, AdamWConfig.of(2e-3).withWarmup(100)
                        .withSchedule(AdamWConfig.Schedule.COSINE, 0.1), 1), base.retainTarget(),
                base.fraction(), base.injection(), base.forgetTarget(), base.evaluateEvery(), base.thresholds());
    }

    /**
     * For the {@code tiny} model on a tiny corpus: p = 10 %, lambda = 2, standard gates. Measured on the
     * tiny synthetic corpus (seed 7, mask seed 7, 400-token subword vocabulary): theta_r reaches retain ES
     * 0.97 after 95 epochs, injection forget ES 0.95 after 215; gates 0.991 / 0.177 (forget ES of theta_o /
     * theta_r) and 0.999 / 0.984 (retain); the whole build takes 65 to 80 s on one thread of a shared
     * two-core machine. Higher rates with larger batches overshoot (lr 1e-2 with batch 64 left theta_o at
     * forget ES 0.65 and damaged retain).
     */
    public static TestbedRecipe tiny() {
        return new TestbedRecipe(1,
                new TrainingConfig(300, 32, 0, AdamWConfig.of(6e-3).withWarmup(20)
                        .withSchedule(AdamWConfig.Schedule.COSINE, 0.1), 1), 0.97,
                0.10,
                new TrainingConfig(400, 10, 2.0, AdamWConfig.of(1e-2).withWarmup(20)
                        .withSchedule(AdamWConfig.Schedule.COSINE, 0.1), 2), 0.95,
                5, GateThresholds.standard());
    }

    /** The recipe for a data set ({@code tofu}, {@code lume}, {@code synthetic}) and a named model configuration. */
    public static TestbedRecipe forTestbed(String dataName, String modelName) {
        return switch (modelName) {
            case "tiny" -> tiny();
            case "small" -> dataName.equals("tofu") ? small() : smallShortAnswers();
            default -> throw new IllegalArgumentException("no testbed recipe for model '" + modelName + "'");
        };
    }
}
