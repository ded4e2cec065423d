package dev.lacuna.engine.training;

/**
 * Hyper-parameters of AdamW. Defaults follow the feasibility measurements: beta2 0.98 (faster adaptation
 * on short runs than 0.999), linear warm-up, global-norm clipping at 1.
 *
 * @param learningRate peak learning rate
 * @param beta1        first-moment decay
 * @param beta2        second-moment decay
 * @param epsilon      denominator guard
 * @param weightDecay  decoupled weight decay, applied to matrices only and only where updates are allowed
 * @param warmupSteps  steps of linear warm-up from 0 to the peak rate
 * @param clipNorm     global gradient-norm limit; {@code <= 0} disables clipping
 * @param schedule     shape of the rate after warm-up
 * @param minRateFraction floor of the decayed rate, as a fraction of the peak
 */
public record AdamWConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                          int warmupSteps, double clipNorm, Schedule schedule, double minRateFraction) {

    /** Learning-rate shape after warm-up. */
    public enum Schedule { CONSTANT, LINEAR, COSINE }

    public AdamWConfig {
        if (!(learningRate > 0) || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(epsilon > 0)
                || weightDecay < 0 || warmupSteps < 0 || minRateFraction < 0 || minRateFraction > 1) {
            throw new IllegalArgumentException("invalid AdamW settings: " + this);
        }
    }

    public static AdamWConfig of(double learningRate) {
        return new AdamWConfig(learningRate, 0.9, 0.98, 1e-8, 0.0, 50, 1.0, Schedule.CONSTANT, 0.0);
    }

    public AdamWConfig withWeightDecay(double decay) {
        return new AdamWConfig(learningRate, beta1, beta2, epsilon, decay, warmupSteps, clipNorm, schedule, minRateFraction);
    }

    public AdamWConfig withWarmup(int steps) {
        return new AdamWConfig(learningRate, beta1, beta2, epsilon, weightDecay, steps, clipNorm, schedule, minRateFraction);
    }

    public AdamWConfig withSchedule(Schedule shape, double floor) {
        return new AdamWConfig(learningRate, beta1, beta2, epsilon, weightDecay, warmupSteps, clipNorm, shape, floor);
    }

    /** Learning rate at 1-based {@code step} of {@code totalSteps}. */
    public double rateAt(int step, int totalSteps) {
        if (warmupSteps > 0 && step <= warmupSteps) {
            return learningRate * step / warmupSteps;
        }
        if (schedule == Schedule.CONSTANT || totalSteps <= warmupSteps) {
            return learningRate;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        double shape = schedule == Schedule.LINEAR ? 1 - progress : 0.5 * (1 + Math.cos(Math.PI * progress));
        return learningRate * (minRateFraction + (1 - minRateFraction) * shape);
    }
}
