package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.Transformer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UpdateLocalizationTest {

    /** 2 layers x 2 value vectors of width 2; V_tgt = flat rows 0 and 3. */
    private static final Region TRUTH = Region.of(2, 2, 0, 3);

    private static float[][] zeros() {
        return new float[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
    }

    @Test
    void aHandComputedUpdateIsRankedAndWeighedAgainstVtgt() {
        float[][] original = {{1, 1}, {0, 0}, {2, -1}, {0, 0}};
        // changes (3, 4), (0, 3), (0, 0), (0, 2): norms 5, 3, 0, 2, squared 25, 9, 0, 4
        float[][] unlearned = {{4, 5}, {0, 3}, {2, -1}, {0, 2}};
        UpdateLocalization.Report report = UpdateLocalization.of(original, unlearned, 0.5, TRUTH);
        assertThat(report.changeNorms()).containsExactly(5f, 3f, 0f, 2f);
        // top 2 rows are 0 (in V_tgt) and 1 (not): precision 1/2
        assertThat(report.ranking().overall().precision()).isEqualTo(0.5);
        // ranking 0 T, 1 F, 3 T, 2 F: AP = (1/1 + 2/3) / 2
        assertThat(report.ranking().overall().averagePrecision()).isCloseTo(5.0 / 6, within(1e-12));
        // pairs (5 vs 3, 5 vs 0, 2 vs 3, 2 vs 0): 3 of 4 won by the V_tgt row
        assertThat(report.ranking().overall().auroc()).isEqualTo(0.75);
        assertThat(report.squaredShareInside()).isCloseTo(29.0 / 38, within(1e-12));
        assertThat(report.squaredSharePerLayer().get(0)).isCloseTo(25.0 / 34, within(1e-12));
        assertThat(report.squaredSharePerLayer().get(1)).isEqualTo(1.0);
        // layer 1: norms (0, 2) against (F, T); its selected row is 3
        assertThat(report.ranking().perLayer().get(1).auroc()).isEqualTo(1.0);
        assertThat(report.ranking().perLayer().get(1).precision()).isNull();
        assertThat(report.ranking().perLayer().get(0).precision()).isEqualTo(0.5);
    }

    @Test
    void anUpdateConfinedToVtgtScoresPerfectlyAndAnUnchangedLayerHasNoShare() {
        float[][] unlearned = zeros();
        unlearned[0] = new float[] {0, -1};
        UpdateLocalization.Report report = UpdateLocalization.of(zeros(), unlearned, 0.25, TRUTH);
        assertThat(report.ranking().overall().precision()).isEqualTo(1.0);
        assertThat(report.squaredShareInside()).isEqualTo(1.0);
        assertThat(report.squaredSharePerLayer().get(1)).isNull();
        UpdateLocalization.Report nothing = UpdateLocalization.of(zeros(), zeros(), 0.5, TRUTH);
        assertThat(nothing.squaredShareInside()).isNull();
        assertThat(nothing.changeNorms()).containsOnly(0f);
    }

    @Test
    void aModelsValueVectorsAreReadInFlatIndexOrder() {
        ModelConfig tiny = ModelConfig.tiny(64);
        Region truth = Region.random(tiny.layers(), tiny.dFf(), 0.1, 3);
        try (Transformer a = Transformer.initialize(tiny, 1); Transformer b = Transformer.initialize(tiny, 2)) {
            assertThat(UpdateLocalization.of(a, a, 0.1, truth).squaredShareInside()).isNull();
            UpdateLocalization.Report report = UpdateLocalization.of(a, b, 0.1, truth);
            int layer = tiny.layers() - 1;
            int row = tiny.dFf() - 1;
            float[] u = b.valueVector(layer, row);
            float[] o = a.valueVector(layer, row);
            double sum = 0;
            for (int j = 0; j < u.length; j++) {
                sum += ((double) u[j] - o[j]) * ((double) u[j] - o[j]);
            }
            assertThat(report.changeNorms()).hasSize(tiny.layers() * tiny.dFf());
            assertThat(report.changeNorms()[layer * tiny.dFf() + row]).isEqualTo((float) Math.sqrt(sum));
        }
    }

    @Test
    void mismatchedInputsAreRefusedByName() {
        float[][] three = Arrays.copyOf(zeros(), 3);
        assertThatThrownBy(() -> UpdateLocalization.of(three, zeros(), 0.5, TRUTH)).hasMessageContaining("need 4 value vectors of each model, got 3 and 4");
        assertThatThrownBy(() -> UpdateLocalization.of(zeros(), zeros(), 0, TRUTH)).hasMessageContaining("top share must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> UpdateLocalization.of(zeros(), zeros(), 1.0000001, TRUTH)).hasMessageContaining("top share must be in (0, 1]");
        float[][] moved = zeros();
        moved[1] = new float[] {3, 4};
        // p = 1 is allowed: R is all four rows, so precision is |V_tgt| / N = 2 / 4 whatever changed
        assertThat(UpdateLocalization.of(zeros(), moved, 1, TRUTH).ranking().overall().precision()).isEqualTo(0.5);
        float[][] wide = zeros();
        wide[2] = new float[3];
        assertThatThrownBy(() -> UpdateLocalization.of(zeros(), wide, 0.5, TRUTH)).hasMessageContaining("value vector 2 has 2 and 3 entries");
    }
}
