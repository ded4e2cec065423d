package dev.lacuna.submissions.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.spi.GroundTruthUnavailableException;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OracleLocalizerTest {

    private static final ModelShape SHAPE = new ModelShape(2, 2, 3, 5);

    @Test
    void groundTruthValueVectorsScoreOneAndAllOthersZero() {
        boolean[] truth = {false, true, false, true, true, false};

        float[] scores = new OracleLocalizer().score(new Context(() -> truth));

        assertThat(scores).containsExactly(0f, 1f, 0f, 1f, 1f, 0f);
    }

    @Test
    void theRefusalOfTheGroundTruthPropagates() {
        GroundTruthUnavailableException refusal = new GroundTruthUnavailableException("not the Oracle");

        assertThatThrownBy(() -> new OracleLocalizer().score(new Context(() -> {
            throw refusal;
        }))).isSameAs(refusal);
    }

    @Test
    void aGroundTruthOfTheWrongLengthIsRejected() {
        assertThatThrownBy(() -> new OracleLocalizer().score(new Context(() -> new boolean[5])))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("flags 5 value vectors; the model has 6");
    }

    private record Context(Supplier<boolean[]> truth) implements LocalizationContext {

        @Override
        public ModelShape shape() {
            return SHAPE;
        }

        @Override
        public long seed() {
            return 1;
        }

        @Override
        public double fraction() {
            return 0.5;
        }

        @Override
        public String option(String name, String defaultValue) {
            return defaultValue;
        }

        @Override
        public ModelView model() {
            throw new UnsupportedOperationException("the Oracle needs no model");
        }

        @Override
        public boolean[] groundTruth() {
            return truth.get();
        }
    }
}
