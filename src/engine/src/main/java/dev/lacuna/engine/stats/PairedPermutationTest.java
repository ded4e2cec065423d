package dev.lacuna.engine.stats;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Permutation test of the gap between the means of two scenarios' per-seed values, paired by seed (the resurfacing
 * gaps of Oracle and Random). Under the null hypothesis the two labels of each seed are arbitrary, so each round
 * swaps the pair with probability 1/2 and recomputes |mean(first) - mean(second)|; the same generator and p-value
 * rule as {@link AuesPermutationTest}, whose unit is a (seed, alpha) point instead.
 */
public final class PairedPermutationTest {

    private PairedPermutationTest() {
    }

    public static GapTestResult test(double[] first, double[] second, int permutations, long seed) {
        if (first.length == 0 || first.length != second.length) {
            throw new IllegalArgumentException("both scenarios need the same, non-zero number of seeds, got "
                    + first.length + " and " + second.length);
        }
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be at least 1, got " + permutations);
        }
        int n = first.length;
        double[] differences = new double[n];
        double sum = 0;
        for (int s = 0; s < n; s++) {
            differences[s] = first[s] - second[s];
            sum += differences[s];
        }
        double observed = Math.abs(sum) / n;
        RandomGenerator random = new Well19937c(seed);
        int atLeastAsExtreme = 0;
        for (int round = 0; round < permutations; round++) {
            double gap = 0;
            for (int s = 0; s < n; s++) {
                gap += random.nextBoolean() ? -differences[s] : differences[s];
            }
            // a swap negates a difference exactly, but other sign patterns with the same true gap may round apart
            if (Math.abs(gap) / n >= observed - 1e-12 * Math.max(1, observed)) {
                atLeastAsExtreme++;
            }
        }
        return GapTestResult.of(observed, atLeastAsExtreme, permutations, seed);
    }
}
