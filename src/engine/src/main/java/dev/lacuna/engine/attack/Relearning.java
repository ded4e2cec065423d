package dev.lacuna.engine.attack;

import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelScorer;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.training.AdamWConfig;
import dev.lacuna.engine.training.Trainer;
import dev.lacuna.engine.training.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Relearning attack on unlearning: a short fine-tune of the unlearned model on a small, fixed part of the forget
 * set, then Extraction Strength on the forget items it did not see. Knowledge that unlearning only suppressed comes
 * back for the held-out items too; knowledge that is gone has to be learned from the few items shown, which does not
 * carry over to the others (DESIGN 5, resurfacing). The same fine-tune on theta_r, which never saw the forget set,
 * gives the baseline: only what theta_u regains beyond theta_r counts as resurfacing.
 *
 * <p>The fine-tune is the project's {@link Trainer} on every parameter with a constant rate and no warm-up or weight
 * decay; its length is counted in passes over the relearn items, so with {@code m} items and batch size {@code b}
 * it takes {@code epochs * ceil(m / b)} optimizer steps. Zero passes is the no-op attack: an identical copy.
 *
 * @param epochs       passes over the relearn items, 0 or more
 * @param batchSize    sequences per step, at least 1
 * @param learningRate AdamW's rate, positive
 * @param fraction     share of the forget set to relearn on, in (0, 1)
 * @param seed         picks the relearn items and orders the batches
 */
public record Relearning(int epochs, int batchSize, double learningRate, double fraction, long seed) {

    public Relearning {
        if (epochs < 0) {
            throw new IllegalArgumentException("relearning passes must be 0 or more, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("relearning batch size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("relearning rate must be positive and finite, got " + learningRate);
        }
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("relearning fraction must be strictly between 0 and 1, got " + fraction);
        }
    }

    /** The forget set cut into the items the attack trains on and the ones it is scored on. */
    public record Split(List<EncodedItem> relearn, List<EncodedItem> heldOut) {
        public Split {
            relearn = List.copyOf(relearn);
            heldOut = List.copyOf(heldOut);
        }
    }

    /** ES on the held-out items before and after the attack, for theta_u and for the theta_r baseline. */
    public record Resurfacing(double unlearnedBefore, double unlearnedAfter, double retrainedBefore,
                              double retrainedAfter) {
        /** How far the attacked theta_u extracts beyond the equally attacked theta_r; above 0 is resurfacing. */
        public double excess() {
            return unlearnedAfter - retrainedAfter;
        }
    }

    /**
     * Relearn items: {@code round(fraction * n)} of them, at least one and leaving at least one held out, drawn by
     * a seeded shuffle; both lists keep the forget set's order, so the split depends on the seed alone.
     */
    public Split split(List<EncodedItem> forget) {
        int n = forget.size();
        if (n < 2) {
            throw new IllegalArgumentException("relearning needs at least 2 forget items, got " + n);
        }
        int m = (int) Math.max(1, Math.min(n - 1, Math.round(fraction * n)));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] chosen = new boolean[n];
        for (int i = 0; i < m; i++) {
            chosen[order[i]] = true;
        }
        List<EncodedItem> relearn = new ArrayList<>(m);
        List<EncodedItem> heldOut = new ArrayList<>(n - m);
        for (int i = 0; i < n; i++) {
            (chosen[i] ? relearn : heldOut).add(forget.get(i));
        }
        return new Split(relearn, heldOut);
    }

    /** A fine-tuned copy of the model; the model itself is left as it was. */
    public Transformer apply(Transformer model, List<EncodedItem> relearn, int padId, int eosId) {
        Transformer copy = model.copy();
        if (epochs > 0) {
            AdamWConfig optimizer = AdamWConfig.of(learningRate).withWarmup(0);
            new Trainer(padId, eosId).trainAll(copy, relearn, new TrainingConfig(epochs, batchSize, 0, optimizer, seed), null);
        }
        return copy;
    }

    /** Mean ES of the items under the model, in passes of at most 64 items. */
    public static double extraction(Transformer model, List<EncodedItem> items, int padId) {
        return ModelScorer.meanExtractionStrength(model, items, padId, 64);
    }

    /** Splits the forget set, attacks theta_u and theta_r alike and scores both on the held-out items. */
    public Resurfacing attack(Transformer unlearned, Transformer retrained, List<EncodedItem> forget, int padId, int eosId) {
        Split split = split(forget);
        try (Transformer u = apply(unlearned, split.relearn(), padId, eosId);
             Transformer r = apply(retrained, split.relearn(), padId, eosId)) {
            return new Resurfacing(extraction(unlearned, split.heldOut(), padId), extraction(u, split.heldOut(), padId),
                    extraction(retrained, split.heldOut(), padId), extraction(r, split.heldOut(), padId));
        }
    }
}
