package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RegionTest {

    @Test
    void aRandomRegionHoldsExactlyTheRoundedFractionOfAllValueVectors() {
        assertThat(Region.random(2, 512, 0.10, 7).size()).isEqualTo(102);
        assertThat(Region.random(4, 2048, 0.10, 7).size()).isEqualTo(819);
        assertThat(Region.random(3, 5, 0.5, 7).size()).isEqualTo(8);
        assertThat(Region.random(3, 5, 0.0, 7).size()).isZero();
        assertThat(Region.random(3, 5, 1.0, 7)).isEqualTo(Region.all(3, 5));
    }

    @Test
    void theSameSeedDrawsTheSameRegionAndAnotherSeedADifferentOne() {
        assertThat(Region.random(4, 256, 0.1, 19)).isEqualTo(Region.random(4, 256, 0.1, 19));
        assertThat(Region.random(4, 256, 0.1, 19)).isNotEqualTo(Region.random(4, 256, 0.1, 31));
    }

    @Test
    void aRandomRegionSpreadsOverEveryLayer() {
        Region region = Region.random(4, 1000, 0.1, 47);
        for (int l = 0; l < 4; l++) {
            assertThat(region.sizeInLayer(l)).isBetween(60, 140);
        }
    }

    @Test
    void aControlRegionHasTheSameSizeAndAvoidsTheTarget() {
        Region target = Region.random(2, 512, 0.1, 7);
        Region control = target.randomOfEqualSizeOutside(99);
        assertThat(control.size()).isEqualTo(target.size());
        assertThat(control.isDisjointFrom(target)).isTrue();
        assertThat(control).isEqualTo(target.randomOfEqualSizeOutside(99));
    }

    @Test
    void drawingMoreThanTheFreeValueVectorsIsRefused() {
        Region half = Region.random(1, 10, 0.6, 1);
        assertThatThrownBy(() -> half.randomOfEqualSizeOutside(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setOperationsFollowSetAlgebra() {
        Region a = Region.of(2, 4, 0, 1, 5);
        Region b = Region.of(2, 4, 1, 5, 7);
        assertThat(a.union(b)).isEqualTo(Region.of(2, 4, 0, 1, 5, 7));
        assertThat(a.intersection(b)).isEqualTo(Region.of(2, 4, 1, 5));
        assertThat(a.minus(b)).isEqualTo(Region.of(2, 4, 0));
        assertThat(a.complement()).isEqualTo(Region.of(2, 4, 2, 3, 4, 6, 7));
        assertThat(a.contains(1, 1)).isTrue();
        assertThat(a.contains(1, 2)).isFalse();
        assertThat(a.flatIndices()).containsExactly(0, 1, 5);
        assertThatThrownBy(() -> a.union(Region.empty(4, 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRowMaskMarksTheLayersValueVectorsInTheRegion() {
        Region region = Region.of(2, 4, 1, 4, 6);
        assertThat(region.rowMask(0)).containsExactly(0f, 1f, 0f, 0f);
        assertThat(region.rowMask(1)).containsExactly(1f, 0f, 1f, 0f);
    }

    @Test
    void serializationRoundTripsWithStableBytes() {
        Region region = Region.random(3, 100, 0.1, 31);
        byte[] bytes = region.toBytes();
        assertThat(Region.fromBytes(bytes)).isEqualTo(region);
        assertThat(Region.random(3, 100, 0.1, 31).toBytes()).isEqualTo(bytes);
        assertThat(bytes).hasSize(8 + 8 + 8 * 5);
        assertThat(Region.of(1, 3, 0, 2).toBytes()).endsWith(5, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void truncatedOrForeignBytesAreRejected() {
        byte[] bytes = Region.random(3, 100, 0.1, 31).toBytes();
        assertThatThrownBy(() -> Region.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Region.fromBytes("not a region at all".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
