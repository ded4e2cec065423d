package dev.lacuna.engine.stats;

import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Resampling test of the MU95 gap between two scenarios. Each seed's mixing sweep contributes one MU–FQ
 * point, the one where its utility crosses 95 % (its MU95). The points of both scenarios are pooled,
 * shuffled and split into groups of the original sizes; each round recomputes the gap of the group means.
 *
 * <p>Lee et al. pool "the MU–FQ points" without saying which; pooling every point of every sweep makes a
 * group's MU95 depend on whichever two pooled points happen to straddle the threshold, which leaves the
 * test without power even for scenarios that never overlap. Pooling each sweep's crossing point keeps the
 * observed statistic (the gap of the reported mean MU95) and the resampled ones the same quantity.
 */
public final class Mu95BootstrapTest {

    /** Default number of resampling rounds. */
    public static final int DEFAULT_ROUNDS = 10_000;

    /**
     * Gaps closer than this fraction of the largest |MU95| count as ties. Gaps equal in exact arithmetic (a shuffled
     * copy of the observed split among them) can come out a few ulps apart when the same values are summed in
     * another order, and a strict comparison would then miss ties and bias the p-value low.
     */
    static final double TIE_TOLERANCE = 1e-12;

    private Mu95BootstrapTest() {
    }

    /**
     * @param first  MU95 (log10 FQ at the crossing) of each seed of the first scenario
     * @param second the same for the second scenario
     */
    public static GapTestResult test(double[] first, double[] second, int rounds, long seed) {
        if (first.length == 0 || second.length == 0) {
            throw new IllegalArgumentException("both scenarios need at least one MU95 value, got "
                    + first.length + " and " + second.length);
        }
        double observed = Math.abs(mean(first, 0, first.length) - mean(second, 0, second.length));
        double[] pool = new double[first.length + second.length];
        System.arraycopy(first, 0, pool, 0, first.length);
        System.arraycopy(second, 0, pool, first.length, second.length);
        double atLeast = observed - TIE_TOLERANCE * largestFiniteMagnitude(pool);
        RandomGenerator random = new Well19937c(seed);
        int atLeastAsExtreme = 0;
        for (int round = 0; round < rounds; round++) {
            shuffle(pool, random);
            double gap = Math.abs(mean(pool, 0, first.length) - mean(pool, first.length, pool.length));
            if (gap >= atLeast) {
                atLeastAsExtreme++;
            }
        }
        return GapTestResult.of(observed, atLeastAsExtreme, rounds, seed);
    }

    private static double mean(double[] values, int from, int to) {
        return Arrays.stream(values, from, to).sum() / (to - from);
    }

    private static double largestFiniteMagnitude(double[] values) {
        double largest = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        return largest;
    }

    private static void shuffle(double[] values, RandomGenerator random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
