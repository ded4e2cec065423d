package dev.lacuna.engine.metrics;

import java.util.Comparator;
import java.util.List;

/**
 * Area under the FS–RS curve of a model-mixing sweep. It rewards reaching high forget scores while
 * keeping retain scores, without favouring any single mixing coefficient.
 */
public final class Aues {

    private Aues() {
    }

    /**
     * The trapezoid-rule area of the points sorted by FS. No end points are added and nothing is
     * normalised, so with FS and RS in [0, 1] the area lies in [0, 1]; a single point has area 0.
     */
    public static double area(List<FsRsPoint> points) {
        List<FsRsPoint> sorted = points.stream().sorted(Comparator.comparingDouble(FsRsPoint::fs)).toList();
        double area = 0;
        for (int i = 1; i < sorted.size(); i++) {
            FsRsPoint left = sorted.get(i - 1);
            FsRsPoint right = sorted.get(i);
            area += (right.fs() - left.fs()) * (left.rs() + right.rs()) / 2;
        }
        return area;
    }
}
