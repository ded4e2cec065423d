package dev.lacuna.engine.metrics;

import dev.lacuna.engine.model.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How well a localizer's scores find the ground-truth region: precision and recall of its top-scored
 * value vectors, and the threshold-free average precision and AUROC of the whole ranking, overall and per
 * layer. A random localizer scores precision = p and AUROC = 0.5 in expectation.
 */
public final class Localization {

    private Localization() {
    }

    /**
     * @param precision        |R ∩ V_tgt| / |R| for the selected region R
     * @param recall           |R ∩ V_tgt| / |V_tgt|
     * @param averagePrecision mean of the precision at each true value vector's rank
     * @param auroc            probability that a true value vector outscores a false one (ties count half);
     *                         null where one of the two classes is empty
     */
    public record Scores(Double precision, Double recall, Double averagePrecision, Double auroc) {
    }

    /** Overall scores, then one entry per layer (precision null where the layer has nothing selected). */
    public record Report(Scores overall, List<Scores> perLayer) {
    }

    /**
     * The {@code count} highest-scoring value vectors; equal scores are taken in order of their flat
     * index, so the selection is deterministic.
     */
    public static Region top(float[] scores, int layers, int dFf, int count) {
        checkLength(scores, layers, dFf);
        int[] order = ranking(scores);
        return Region.of(layers, dFf, Arrays.copyOf(order, count));
    }

    public static Report evaluate(float[] scores, Region selected, Region truth) {
        int layers = truth.layers();
        int dFf = truth.dFf();
        checkLength(scores, layers, dFf);
        boolean[] relevant = truth.flags();
        boolean[] chosen = selected.flags();
        Scores overall = scores(scores, relevant, chosen, IntStream.range(0, scores.length).toArray());
        List<Scores> perLayer = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            perLayer.add(scores(scores, relevant, chosen, IntStream.range(l * dFf, (l + 1) * dFf).toArray()));
        }
        return new Report(overall, perLayer);
    }

    private static Scores scores(float[] scores, boolean[] relevant, boolean[] chosen, int[] subset) {
        int selected = 0;
        int hits = 0;
        int positives = 0;
        for (int i : subset) {
            positives += relevant[i] ? 1 : 0;
            if (chosen[i]) {
                selected++;
                hits += relevant[i] ? 1 : 0;
            }
        }
        Double precision = selected == 0 ? null : (double) hits / selected;
        Double recall = positives == 0 ? null : (double) hits / positives;
        float[] sub = new float[subset.length];
        boolean[] subRelevant = new boolean[subset.length];
        for (int j = 0; j < subset.length; j++) {
            sub[j] = scores[subset[j]];
            subRelevant[j] = relevant[subset[j]];
        }
        return new Scores(precision, recall, averagePrecision(sub, subRelevant), auroc(sub, subRelevant));
    }

    /** Average precision over the ranking (ties in index order); null without true value vectors. */
    static Double averagePrecision(float[] scores, boolean[] relevant) {
        int[] order = ranking(scores);
        int hits = 0;
        double sum = 0;
        for (int rank = 0; rank < order.length; rank++) {
            if (relevant[order[rank]]) {
                hits++;
                sum += (double) hits / (rank + 1);
            }
        }
        return hits == 0 ? null : sum / hits;
    }

    /** Mann–Whitney AUROC with mid-ranks for ties; null when either class is empty. */
    static Double auroc(float[] scores, boolean[] relevant) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (relevant[order[k]]) {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Indices by descending score, equal scores by ascending index. */
    private static int[] ranking(float[] scores) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static void checkLength(float[] scores, int layers, int dFf) {
        if (scores.length != layers * dFf) {
            throw new IllegalArgumentException("expected one score per value vector (" + layers + " x " + dFf + " = "
                    + layers * dFf + "), got " + scores.length);
        }
    }
}
