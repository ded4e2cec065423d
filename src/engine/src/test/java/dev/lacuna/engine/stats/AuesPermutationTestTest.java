package dev.lacuna.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.metrics.FsRsPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuesPermutationTestTest {

    @Test
    void identicalScenariosHavePValueOne() {
        List<List<FsRsPoint>> curves = curves(0.8, 5);

        GapTestResult result = AuesPermutationTest.test(curves, curves(0.8, 5), 2_000, 7);

        assertThat(result.observedGap()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
    }

    @Test
    void clearlySeparatedScenariosHaveASmallPValue() {
        GapTestResult result = AuesPermutationTest.test(curves(0.95, 5), curves(0.2, 5), 2_000, 7);

        assertThat(result.observedGap()).isGreaterThan(0.5);
        assertThat(result.pValue()).isLessThan(0.01);
    }

    @Test
    void theSameSeedGivesTheSamePValue() {
        List<List<FsRsPoint>> a = noisyCurves(0.6, 11);
        List<List<FsRsPoint>> b = noisyCurves(0.55, 13);

        assertThat(AuesPermutationTest.test(a, b, 1_000, 42)).isEqualTo(AuesPermutationTest.test(a, b, 1_000, 42));
    }

    @Test
    void unpairedCurvesAreRejected() {
        assertThatThrownBy(() -> AuesPermutationTest.test(curves(0.5, 2), curves(0.5, 3), 10, 1))
                .hasMessageContaining("same, non-zero number of seeds");
    }

    /** Curves that keep RS at {@code retained} while FS runs from 0 to 1 over 21 mixing points. */
    static List<List<FsRsPoint>> curves(double retained, int seeds) {
        List<List<FsRsPoint>> all = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            List<FsRsPoint> curve = new ArrayList<>();
            for (int i = 0; i <= 20; i++) {
                double fs = i / 20.0;
                curve.add(new FsRsPoint(fs, i == 0 ? 1.0 : retained));
            }
            all.add(curve);
        }
        return all;
    }

    private static List<List<FsRsPoint>> noisyCurves(double retained, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<List<FsRsPoint>> all = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            List<FsRsPoint> curve = new ArrayList<>();
            for (int i = 0; i <= 20; i++) {
                curve.add(new FsRsPoint(i / 20.0, retained + 0.1 * random.nextDouble()));
            }
            all.add(curve);
        }
        return all;
    }
}
