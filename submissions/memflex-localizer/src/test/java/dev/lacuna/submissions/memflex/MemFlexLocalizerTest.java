package dev.lacuna.submissions.memflex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lacuna.spi.ActivationVisitor;
import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.GradientLoss;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;
import dev.lacuna.spi.ValueVectorGradients;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemFlexLocalizerTest {

    /** 2 layers x 3 value vectors x d_model 2: six value vectors, twelve gradient entries. */
    private static final ModelShape SHAPE = new ModelShape(2, 2, 3, 5);

    /** Per value vector, the mean of the two repeats: (3,4) (1,0) (0,2) (6,8) (0,3) (2,0); magnitudes 5 1 2 10 3 2. */
    private static final float[] UNLEARNING = {3, 4, 1, 0, 0, 2, 6, 8, 0, 3, 2, 0};

    /** Cosines with UNLEARNING: 1, 0, 0 (zero norm), 0.6, 1, 1. */
    private static final float[] RETENTION = {3, 4, 0, 1, 0, 0, 1, 0, 0, 5, 1, 0};

    @Test
    void passingVectorsScoreOnePlusRelativeMagnitudeAndTheOthersRelativeMagnitudeMinusOne() {
        float[] scores = new MemFlexLocalizer().score(twoRepeatContext(0.5));

        // round(0.5 * 6) = 3 and at mu 0.95 exactly v1, v2, v3 pass (cosines 0, 0, 0.6); max magnitude 10
        // v0: 5/10 - 1, v1: 1 + 1/10, v2: 1 + 2/10, v3: 1 + 10/10, v4: 3/10 - 1, v5: 2/10 - 1
        assertThat(scores).containsExactly(new float[] {-0.5f, 1.1f, 1.2f, 2f, -0.7f, -0.8f}, within(1e-6f));
    }

    @Test
    void exactlyRoundPTimesNVectorsScoreAboveZeroWhenTheDefaultMuSelectsThatMany() {
        float[] scores = new MemFlexLocalizer().score(twoRepeatContext(0.45));

        // round(0.45 * 6) = round(2.7) = 3
        assertThat(IntStream.range(0, scores.length).filter(v -> scores[v] > 0)).containsExactly(1, 2, 3);
    }

    @Test
    void muRisesUntilEnoughPassAndMagnitudeThenPicksTheTopOfThem() {
        // g_unl_i = m_i * (1, 0), g_ret_i = (c_i, sqrt(1 - c_i^2)), so cos = c_i and ||g_unl_i|| = m_i
        double[] cosines = {0.5, 0.958, 0.968, 0.962, 1.0, 0.985};
        double[] magnitudes = {1, 4, 3, 2, 10, 5};
        float[] unlearning = new float[12];
        float[] retention = new float[12];
        for (int v = 0; v < 6; v++) {
            unlearning[2 * v] = (float) magnitudes[v];
            retention[2 * v] = (float) cosines[v];
            retention[2 * v + 1] = (float) Math.sqrt(1 - cosines[v] * cosines[v]);
        }
        Model model = new Model(List.of(unlearning), List.of(retention));

        float[] scores = new MemFlexLocalizer().score(new Context(model, 3, 0.5, Map.of("repeats", "1")));

        // round(0.5 * 6) = 3; passing at mu 0.95: {v0}, at 0.96: {v0, v1}, at 0.97: {v0, v1, v2, v3} -> mu 0.97
        // passing: v0 1 + 1/10, v1 1 + 4/10, v2 1 + 3/10, v3 1 + 2/10; failing: v4 10/10 - 1, v5 5/10 - 1
        assertThat(scores).containsExactly(new float[] {1.1f, 1.4f, 1.3f, 1.2f, 0f, -0.5f}, within(1e-6f));
        assertThat(topIndices(scores, 3)).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void muStopsAtItsCapWhereEveryVectorPasses() {
        float[] parallel = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 10, 0};
        Model model = new Model(List.of(parallel), List.of(parallel));

        float[] scores = new MemFlexLocalizer().score(new Context(model, 3, 0.5, Map.of("repeats", "1")));

        // every cosine is 1: nothing passes below 1, all pass at the cap 1.0001
        assertThat(scores).containsExactly(new float[] {1.1f, 1.2f, 1.3f, 1.4f, 1.5f, 2f}, within(1e-6f));
    }

    @Test
    void eachSplitAndRepeatDrawsItsOwnSeedFromTheContextSeed() {
        Model model = twoRepeatModel();

        new MemFlexLocalizer().score(new Context(model, 7, 0.5, Map.of("repeats", "2")));

        // 7 * 31 = 217: forget 217 + 2r, retain 217 + 2r + 1
        assertThat(model.calls).containsExactly(
                new Call(DataSplit.FORGET, 217), new Call(DataSplit.FORGET, 219),
                new Call(DataSplit.RETAIN, 218), new Call(DataSplit.RETAIN, 220));
    }

    /** Two repeats per split that average to UNLEARNING and RETENTION but differ from them one by one. */
    private static Model twoRepeatModel() {
        float[][] forget = new float[2][12];
        float[][] retain = new float[2][12];
        for (int j = 0; j < 12; j++) {
            float forgetNoise = j % 2 == 0 ? 10 : -10;
            forget[0][j] = UNLEARNING[j] + forgetNoise;
            forget[1][j] = UNLEARNING[j] - forgetNoise;
            retain[0][j] = RETENTION[j] + 7;
            retain[1][j] = RETENTION[j] - 7;
        }
        return new Model(List.of(forget), List.of(retain));
    }

    private static Context twoRepeatContext(double fraction) {
        return new Context(twoRepeatModel(), 3, fraction, Map.of("repeats", "2"));
    }

    private static List<Integer> topIndices(float[] scores, int count) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer v) -> scores[v]).reversed())
                .limit(count)
                .toList();
    }

    private record Call(DataSplit split, long seed) {
    }

    /** Hands out each split's gradients in call order and records which seed each call asked for. */
    private static final class Model implements ModelView {

        private final List<float[]> forget;
        private final List<float[]> retain;
        private final List<Call> calls = new ArrayList<>();

        Model(List<float[]> forget, List<float[]> retain) {
            this.forget = forget;
            this.retain = retain;
        }

        @Override
        public ModelShape shape() {
            return SHAPE;
        }

        @Override
        public ValueVectorGradients randomLabelGradients(DataSplit split, long seed, GradientLoss loss) {
            List<float[]> repeats = split == DataSplit.FORGET ? forget : retain;
            long earlier = calls.stream().filter(call -> call.split() == split).count();
            calls.add(new Call(split, seed));
            float[] mean = repeats.get((int) earlier).clone();
            return new ValueVectorGradients(mean, new float[mean.length], 1);
        }

        @Override
        public float[] valueVectors(int layer) {
            throw new UnsupportedOperationException("MemFlex needs only random-label gradients");
        }

        @Override
        public void visitActivations(DataSplit split, ActivationVisitor visitor) {
            throw new UnsupportedOperationException("MemFlex needs only random-label gradients");
        }

        @Override
        public ValueVectorGradients gradients(DataSplit split, GradientLoss loss) {
            throw new UnsupportedOperationException("MemFlex needs only random-label gradients");
        }
    }

    private record Context(ModelView model, long seed, double fraction, Map<String, String> options)
            implements LocalizationContext {

        @Override
        public ModelShape shape() {
            return SHAPE;
        }

        @Override
        public String option(String name, String defaultValue) {
            return options.getOrDefault(name, defaultValue);
        }
    }
}
