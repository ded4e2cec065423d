package dev.lacuna.engine.metrics;

/** Length-normalised answer probabilities, so long and short answers compare fairly. */
public final class AnswerProbability {

    private AnswerProbability() {
    }

    /** {@code exp(-mean token NLL)} over the answer tokens. */
    public static double fromTokenLosses(double[] answerTokenNll) {
        if (answerTokenNll.length == 0) {
            throw new IllegalArgumentException("an answer needs at least one token");
        }
        double sum = 0;
        for (double nll : answerTokenNll) {
            sum += nll;
        }
        return Math.exp(-sum / answerTokenNll.length);
    }

    /**
     * Share of the true answer among all candidates, {@code P_true / (P_true + sum P_perturbed)}: the
     * probability score of the real-authors and world-facts sets.
     */
    public static double amongCandidates(double trueProbability, double[] perturbedProbabilities) {
        double total = trueProbability;
        for (double p : perturbedProbabilities) {
            total += p;
        }
        return trueProbability / total;
    }
}
