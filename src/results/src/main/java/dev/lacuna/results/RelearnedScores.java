package dev.lacuna.results;

/**
 * The relearning attack on one run: ES on the forget items it did not train on, before and after a short fine-tune
 * on {@code items} others, for theta_u and, as the baseline of what a model that never knew them picks up, for
 * theta_r under the same fine-tune.
 *
 * @param items the forget items fine-tuned on
 * @param seed  the seed that chose them and ordered the batches (the run's mask seed)
 */
public record RelearnedScores(int items, long seed, double unlearnedBefore, double unlearnedAfter, double retrainedBefore,
                              double retrainedAfter) {

    /**
     * How far the attacked theta_u extracts the held-out items beyond the equally attacked theta_r: knowledge a model
     * that never saw them cannot produce. Compared after the attack on both sides, not as a change: the fine-tune
     * itself moves theta_r (on synthetic/tiny it lowers theta_r's held-out ES), and a difference of changes would
     * count that move as resurfacing.
     */
    public double resurfacing() {
        return unlearnedAfter - retrainedAfter;
    }
}
