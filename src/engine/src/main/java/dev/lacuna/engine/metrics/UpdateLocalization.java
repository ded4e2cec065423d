package dev.lacuna.engine.metrics;

import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.Transformer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an unlearning update landed, scored against the ground-truth region V_tgt (issue 16): a method that claims
 * to unlearn a localized fact should change the value vectors that store it and leave the rest. Each value vector's
 * change norm {@code ||v_i(theta_u) - v_i(theta_o)||} is ranked like a localizer's scores, so precision of the top
 * p % changed rows, AP and AUROC come from {@link Localization}; the share of the total squared change inside V_tgt
 * adds how much of the update's mass, not just its ranking, sits there.
 */
public final class UpdateLocalization {

    private UpdateLocalization() {
    }

    /**
     * @param changeNorms        one change norm per value vector, in flat-index order
     * @param ranking            Localization scores of the norms against V_tgt, with R the top {@code p} share
     * @param squaredShareInside overall share of {@code sum ||dv_i||^2} inside V_tgt; null when nothing changed
     * @param squaredSharePerLayer the same within each layer; null for a layer where nothing changed
     */
    public record Report(float[] changeNorms, Localization.Report ranking, Double squaredShareInside,
                         List<Double> squaredSharePerLayer) {
    }

    /** Value vectors of both models, gathered in flat-index order, then {@link #of(float[][], float[][], double, Region)}. */
    public static Report of(Transformer original, Transformer unlearned, double topShare, Region truth) {
        return of(valueVectors(original, truth), valueVectors(unlearned, truth), topShare, truth);
    }

    /**
     * @param original  value vectors of theta_o, {@code original[layer * dFf + i]}
     * @param unlearned value vectors of theta_u, same layout
     * @param topShare  p in (0, 1]: R is the {@code round(p * N)} most-changed rows (at least one)
     */
    public static Report of(float[][] original, float[][] unlearned, double topShare, Region truth) {
        int n = truth.layers() * truth.dFf();
        if (original.length != n || unlearned.length != n) {
            throw new IllegalArgumentException("need " + n + " value vectors of each model, got " + original.length
                    + " and " + unlearned.length);
        }
        if (!(topShare > 0 && topShare <= 1)) {
            throw new IllegalArgumentException("top share must be in (0, 1], got " + topShare);
        }
        float[] norms = new float[n];
        double[] squared = new double[n];
        for (int i = 0; i < n; i++) {
            if (original[i].length != unlearned[i].length) {
                throw new IllegalArgumentException("value vector " + i + " has " + original[i].length + " and "
                        + unlearned[i].length + " entries");
            }
            double sum = 0;
            for (int j = 0; j < original[i].length; j++) {
                double d = (double) unlearned[i][j] - original[i][j];
                sum += d * d;
            }
            squared[i] = sum;
            norms[i] = (float) Math.sqrt(sum);
        }
        int count = (int) Math.max(1, Math.round(topShare * n));
        Region selected = Localization.top(norms, truth.layers(), truth.dFf(), count);
        Localization.Report ranking = Localization.evaluate(norms, selected, truth);
        boolean[] inside = truth.flags();
        List<Double> perLayer = new ArrayList<>();
        for (int l = 0; l < truth.layers(); l++) {
            perLayer.add(share(squared, inside, l * truth.dFf(), (l + 1) * truth.dFf()));
        }
        return new Report(norms, ranking, share(squared, inside, 0, n), perLayer);
    }

    private static Double share(double[] squared, boolean[] inside, int from, int to) {
        double total = 0;
        double in = 0;
        for (int i = from; i < to; i++) {
            total += squared[i];
            in += inside[i] ? squared[i] : 0;
        }
        return total == 0 ? null : in / total;
    }

    private static float[][] valueVectors(Transformer model, Region truth) {
        float[][] out = new float[truth.layers() * truth.dFf()][];
        for (int l = 0; l < truth.layers(); l++) {
            for (int i = 0; i < truth.dFf(); i++) {
                out[l * truth.dFf() + i] = model.valueVector(l, i);
            }
        }
        return out;
    }
}
