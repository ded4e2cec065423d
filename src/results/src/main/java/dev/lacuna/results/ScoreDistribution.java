package dev.lacuna.results;

import java.util.List;

/**
 * A histogram of one seed's localizer scores: {@code bins} bins of equal width between {@code min} and {@code max},
 * counted inside and outside V_tgt, with the mean and sd of each side (null for an empty side).
 */
public record ScoreDistribution(double min, double max, int bins, List<Integer> inRegion, List<Integer> outOfRegion,
                                @Nullable Double inRegionMean, @Nullable Double inRegionSd,
                                @Nullable Double outOfRegionMean, @Nullable Double outOfRegionSd) {

    public ScoreDistribution {
        inRegion = List.copyOf(inRegion);
        outOfRegion = List.copyOf(outOfRegion);
    }
}
