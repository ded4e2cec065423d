package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuesTest {

    private static final double EXACT = 1e-12;

    @Test
    void aFlatCurveAtFullRetentionAcrossTheWholeForgetRangeHasAreaOne() {
        assertThat(Aues.area(List.of(new FsRsPoint(0, 1), new FsRsPoint(1, 1)))).isCloseTo(1.0, within(EXACT));
    }

    @Test
    void aTriangleHasHalfItsBaseTimesHeight() {
        List<FsRsPoint> triangle = List.of(new FsRsPoint(0, 0), new FsRsPoint(0.5, 1), new FsRsPoint(1, 0));
        assertThat(Aues.area(triangle)).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void pointsAreSortedByForgetScoreBeforeIntegrating() {
        List<FsRsPoint> shuffled = List.of(new FsRsPoint(1, 0), new FsRsPoint(0, 0), new FsRsPoint(0.5, 1));
        assertThat(Aues.area(shuffled)).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void noEndPointsAreAddedSoACurveSpanningPartOfTheRangeCountsOnlyThatPart() {
        List<FsRsPoint> curve = List.of(new FsRsPoint(0.2, 0.9), new FsRsPoint(0.6, 0.7));
        assertThat(Aues.area(curve)).isCloseTo(0.4 * 0.8, within(EXACT));
    }

    @Test
    void aSinglePointHasNoArea() {
        assertThat(Aues.area(List.of(new FsRsPoint(0.7, 0.9)))).isZero();
    }

    @Test
    void twentyOnePointsOnTheAntiDiagonalGiveOneHalf() {
        List<FsRsPoint> line = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            double fs = i / 20.0;
            line.add(new FsRsPoint(fs, 1 - fs));
        }
        assertThat(Aues.area(line)).isCloseTo(0.5, within(1e-12));
    }
}
