package dev.lacuna.engine.stats;

import dev.lacuna.engine.metrics.Aues;
import dev.lacuna.engine.metrics.FsRsPoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Permutation test of the AUES gap between two scenarios measured on the same seeds and mixing
 * coefficients. Under the null hypothesis the scenario label of each (seed, alpha) point is arbitrary,
 * so each round swaps the paired points with probability 1/2 and recomputes the gap of mean AUES.
 */
public final class AuesPermutationTest {

    /** Default number of permutations. */
    public static final int DEFAULT_PERMUTATIONS = 10_000;

    private AuesPermutationTest() {
    }

    /**
     * @param first  per seed, the FS–RS points of the first scenario, ordered by mixing coefficient
     * @param second per seed, the points of the second scenario, paired index by index with {@code first}
     */
    public static GapTestResult test(List<List<FsRsPoint>> first, List<List<FsRsPoint>> second,
            int permutations, long seed) {
        checkPaired(first, second);
        double observed = Math.abs(meanAues(first) - meanAues(second));
        RandomGenerator random = new Well19937c(seed);
        int atLeastAsExtreme = 0;
        for (int round = 0; round < permutations; round++) {
            List<List<FsRsPoint>> a = new ArrayList<>(first.size());
            List<List<FsRsPoint>> b = new ArrayList<>(first.size());
            for (int s = 0; s < first.size(); s++) {
                List<FsRsPoint> x = first.get(s);
                List<FsRsPoint> y = second.get(s);
                List<FsRsPoint> swappedX = new ArrayList<>(x.size());
                List<FsRsPoint> swappedY = new ArrayList<>(y.size());
                for (int j = 0; j < x.size(); j++) {
                    boolean swap = random.nextBoolean();
                    swappedX.add(swap ? y.get(j) : x.get(j));
                    swappedY.add(swap ? x.get(j) : y.get(j));
                }
                a.add(swappedX);
                b.add(swappedY);
            }
            if (Math.abs(meanAues(a) - meanAues(b)) >= observed) {
                atLeastAsExtreme++;
            }
        }
        return GapTestResult.of(observed, atLeastAsExtreme, permutations, seed);
    }

    static double meanAues(List<List<FsRsPoint>> curves) {
        return curves.stream().mapToDouble(Aues::area).average().orElseThrow();
    }

    private static void checkPaired(List<List<FsRsPoint>> first, List<List<FsRsPoint>> second) {
        if (first.isEmpty() || first.size() != second.size()) {
            throw new IllegalArgumentException("both scenarios need the same, non-zero number of seeds, got "
                    + first.size() + " and " + second.size());
        }
        for (int s = 0; s < first.size(); s++) {
            if (first.get(s).size() != second.get(s).size()) {
                throw new IllegalArgumentException("seed " + s + ": curves have " + first.get(s).size()
                        + " and " + second.get(s).size() + " points; they must be paired by mixing coefficient");
            }
        }
    }
}
