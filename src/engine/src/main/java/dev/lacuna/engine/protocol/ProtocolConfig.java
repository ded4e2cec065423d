package dev.lacuna.engine.protocol;

import dev.lacuna.results.AttackSettings;
import dev.lacuna.results.Settings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of one objective evaluation, all recorded in its result.
 *
 * @param alphas            mixing coefficients, ascending from 0 to 1 (21 by default)
 * @param permutations      rounds of the AUES permutation and MU95 bootstrap tests
 * @param statisticsSeed    seed of both tests
 * @param epochs            unlearning epochs (fixed for every objective), at least
 * @param minSteps          unlearning steps, at least (more epochs on small forget sets)
 * @param batchSize         forget items per step
 * @param weightDecay       AdamW weight decay on region rows
 * @param calibrationTarget FS at alpha = 1 the calibrated rate must reach
 * @param gridFactor        ratio of neighbouring rates on the calibration grid
 * @param gridBelow         grid points below the plugin's suggestion
 * @param gridAbove         grid points above it
 * @param options           the user's options for the objective
 * @param attacks           the resurfacing attacks run on every run's theta_u
 * @param unconstrained     whether an objective evaluation adds the unconstrained scenario (every value vector
 *                          trainable) to Oracle and Random; off only to time the platform on Oracle and Random alone
 */
public record ProtocolConfig(double[] alphas, int permutations, long statisticsSeed, int epochs, int minSteps, int batchSize,
                             double weightDecay, double calibrationTarget, double gridFactor, int gridBelow, int gridAbove,
                             Map<String, String> options, AttackSettings attacks, boolean unconstrained) {

    /**
     * The attacks of issue 16: 8- and 4-bit quantization with 64 input rows per scale (the tiny model's whole width,
     * so per channel there); relearning on 10 % of the forget set, 10 passes in batches of 2 at rate 1e-3, which on
     * the engine's toy testbed brings a gradient-ascent erasure measurably back (RelearningResurfacingTest).
     */
    public static final AttackSettings STANDARD_ATTACKS = new AttackSettings(List.of(8, 4), 64, 0.1, 10, 2, 1e-3);

    public ProtocolConfig {
        alphas = alphas.clone();
        if (alphas.length < 2 || alphas[0] != 0 || alphas[alphas.length - 1] != 1) {
            throw new IllegalArgumentException("mixing coefficients must run from 0 to 1");
        }
        for (int i = 1; i < alphas.length; i++) {
            if (!(alphas[i] > alphas[i - 1])) {
                throw new IllegalArgumentException("mixing coefficients must ascend");
            }
        }
        if (permutations < 1 || !(gridFactor > 1) || gridBelow < 0 || gridAbove < 0) {
            throw new IllegalArgumentException("invalid protocol settings");
        }
        options = Map.copyOf(new TreeMap<>(options));
        if (attacks == null) {
            throw new IllegalArgumentException("the attack settings are missing");
        }
    }

    /** {@code n} evenly spaced coefficients 0, 1/(n-1), ..., 1, each rounded to 10 decimals. */
    public static double[] evenAlphas(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.round((double) i / (n - 1) * 1e10) / 1e10;
        }
        return a;
    }

    /** DESIGN 6: 21 alphas, N = 10,000, Lee et al.'s schedule, FS target 0.95, grid x2 from 1/16 to 64 times. */
    public static ProtocolConfig standard(Map<String, String> options) {
        return new ProtocolConfig(evenAlphas(21), 10_000, 20_251_123L, 5, 125, 16, 0.01, 0.95, 2.0, 4, 6, options, STANDARD_ATTACKS, true);
    }

    public ProtocolConfig withAlphas(double[] values) {
        return new ProtocolConfig(values, permutations, statisticsSeed, epochs, minSteps, batchSize, weightDecay, calibrationTarget,
                gridFactor, gridBelow, gridAbove, options, attacks, unconstrained);
    }

    public ProtocolConfig withPermutations(int rounds) {
        return new ProtocolConfig(alphas, rounds, statisticsSeed, epochs, minSteps, batchSize, weightDecay, calibrationTarget,
                gridFactor, gridBelow, gridAbove, options, attacks, unconstrained);
    }

    /** These settings with another unlearning schedule: at least {@code epochs} epochs and {@code steps} steps. */
    public ProtocolConfig withSchedule(int atLeastEpochs, int atLeastSteps) {
        return new ProtocolConfig(alphas, permutations, statisticsSeed, atLeastEpochs, atLeastSteps, batchSize, weightDecay,
                calibrationTarget, gridFactor, gridBelow, gridAbove, options, attacks, unconstrained);
    }

    /** These settings with another calibration grid: {@code below} and {@code above} points around the suggestion. */
    public ProtocolConfig withGrid(int below, int above) {
        return new ProtocolConfig(alphas, permutations, statisticsSeed, epochs, minSteps, batchSize, weightDecay, calibrationTarget,
                gridFactor, below, above, options, attacks, unconstrained);
    }

    /** These settings with or without the unconstrained scenario. */
    public ProtocolConfig withUnconstrained(boolean on) {
        return new ProtocolConfig(alphas, permutations, statisticsSeed, epochs, minSteps, batchSize, weightDecay, calibrationTarget,
                gridFactor, gridBelow, gridAbove, options, attacks, on);
    }

    /** These settings with other attack parameters. */
    public ProtocolConfig withAttacks(AttackSettings settings) {
        return new ProtocolConfig(alphas, permutations, statisticsSeed, epochs, minSteps, batchSize, weightDecay, calibrationTarget,
                gridFactor, gridBelow, gridAbove, options, settings, unconstrained);
    }

    public UnlearningSettings settings(double learningRate, long seed) {
        return new UnlearningSettings(learningRate, epochs, minSteps, batchSize, weightDecay, seed, options);
    }

    /** These settings as a result records them. */
    public Settings recorded() {
        return new Settings(Arrays.stream(alphas).boxed().toList(), epochs, minSteps, batchSize, weightDecay, calibrationTarget,
                gridFactor, options, attacks);
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }
}
