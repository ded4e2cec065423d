package dev.lacuna.spi.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lacuna.spi.ActivationVisitor;
import dev.lacuna.spi.Constants;
import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.GradientLoss;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;
import dev.lacuna.spi.ValueVectorGradients;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.apiguardian.api.API;

/**
 * A {@link ModelView} whose value vectors, activations and gradients a test writes down, for testing a
 * {@link dev.lacuna.spi.Localizer} on numbers it can work out by hand. What a test did not give fails with a
 * message saying how to give it, so a localizer that reads more than the test expects is noticed; every call is
 * recorded ({@link #calls()}), so a test can also check what a localizer asked for.
 *
 * <pre>{@code
 * // 2 layers x 3 value vectors of width 2
 * FakeModel model = FakeModel.builder(new ModelShape(2, 2, 3, 5))
 *         .valueVectors(0, new float[] {3, 4, 0, 1, 0, 0})
 *         .valueVectors(1, new float[] {1, 0, 0, 2, 6, 8})
 *         .activations(DataSplit.FORGET, 0, 0, 2, new float[] {1, -2, 5, -3, 0, 1})
 *         .build();
 * float[] scores = PluginChecks.scores(new MyLocalizer(), FakeLocalizationContext.of(model));
 * }</pre>
 *
 * <p>Gradients are given, not computed: the fake has no network to differentiate. The {@link GradientLoss} a
 * localizer passes is recorded and, with {@link Builder#checkLossesOn(NDManager)}, evaluated once on a seeded
 * {@link FakeAnswerOutputs} batch to check that it is a finite scalar, as the harness requires.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class FakeModel implements ModelView {

    /**
     * One call a plugin made: the method's name ({@code valueVectors}, {@code visitActivations}, {@code gradients}
     * or {@code randomLabelGradients}), the split (null for {@code valueVectors}), the layer ({@code valueVectors}
     * only, else -1) and the seed ({@code randomLabelGradients} only, else null).
     */
    @API(status = EXPERIMENTAL, since = "1.0")
    public record Call(String method, DataSplit split, int layer, Long seed) {
    }

    private final ModelShape shape;
    private final Map<Integer, float[]> valueVectors;
    private final Map<DataSplit, List<Visit>> activations;
    private final Map<DataSplit, ValueVectorGradients> gradients;
    private final Map<DataSplit, LongFunction<ValueVectorGradients>> randomLabelGradients;
    private final NDManager lossManager;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    private FakeModel(Builder builder) {
        this.shape = builder.shape;
        this.valueVectors = Map.copyOf(builder.valueVectors);
        this.activations = new EnumMap<>(builder.activations);
        this.gradients = new EnumMap<>(builder.gradients);
        this.randomLabelGradients = new EnumMap<>(builder.randomLabelGradients);
        this.lossManager = builder.lossManager;
    }

    /** A builder of a model of this shape with nothing in it yet. */
    public static Builder builder(ModelShape shape) {
        return new Builder(shape);
    }

    /**
     * A model with everything drawn from {@code seed}: value vectors of every layer, activations of 3 items with 2
     * answer positions each per split, gradients and random-label gradients (a function of the seed asked for) of
     * both splits. Numbers nobody works out by hand, for smoke tests: the localizer runs, returns the right
     * number of finite scores, and gives the same scores for the same seed.
     */
    public static FakeModel seeded(ModelShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Builder builder = builder(shape);
        int perLayer = shape.valueVectorsPerLayer();
        for (int layer = 0; layer < shape.layers(); layer++) {
            builder.valueVectors(layer, uniform(random, perLayer * shape.dModel(), 1 / Math.sqrt(shape.dModel())));
        }
        int entries = shape.valueVectors() * shape.dModel();
        for (DataSplit split : DataSplit.values()) {
            for (int item = 0; item < 3; item++) {
                for (int layer = 0; layer < shape.layers(); layer++) {
                    builder.activations(split, item, layer, 2, uniform(random, 2 * perLayer, 1));
                }
            }
            builder.gradients(split, gradients(random.split(), entries));
            long splitSeed = random.nextLong();
            builder.randomLabelGradients(split, s -> gradients(new SplittableRandom(splitSeed ^ s), entries));
        }
        return builder.build();
    }

    /** Every call a plugin made on this model, in order. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public ModelShape shape() {
        return shape;
    }

    @Override
    public float[] valueVectors(int layer) {
        checkLayer(layer);
        calls.add(new Call("valueVectors", null, layer, null));
        float[] rows = valueVectors.get(layer);
        if (rows == null) {
            throw new UnsupportedOperationException("FakeModel: no value vectors of layer " + layer + " were given; give them "
                    + "with FakeModel.builder(shape).valueVectors(" + layer + ", rows)");
        }
        return rows.clone();
    }

    @Override
    public void visitActivations(DataSplit split, ActivationVisitor visitor) {
        calls.add(new Call("visitActivations", split, -1, null));
        List<Visit> visits = activations.get(split);
        if (visits == null) {
            throw new UnsupportedOperationException("FakeModel: no " + split + " activations were given; give them with "
                    + "FakeModel.builder(shape).activations(DataSplit." + split + ", item, layer, positions, coefficients)");
        }
        for (Visit visit : visits) {
            visitor.visit(visit.item(), visit.layer(), visit.positions(), visit.coefficients().clone());
        }
    }

    @Override
    public ValueVectorGradients gradients(DataSplit split, GradientLoss loss) {
        calls.add(new Call("gradients", split, -1, null));
        checkLoss(loss);
        ValueVectorGradients given = gradients.get(split);
        if (given == null) {
            throw new UnsupportedOperationException("FakeModel: no " + split + " gradients were given; give them with "
                    + "FakeModel.builder(shape).gradients(DataSplit." + split + ", ...)");
        }
        return copy(given);
    }

    @Override
    public ValueVectorGradients randomLabelGradients(DataSplit split, long seed, GradientLoss loss) {
        calls.add(new Call("randomLabelGradients", split, -1, seed));
        checkLoss(loss);
        LongFunction<ValueVectorGradients> given = randomLabelGradients.get(split);
        if (given == null) {
            throw new UnsupportedOperationException("FakeModel: no " + split + " random-label gradients were given; give "
                    + "them with FakeModel.builder(shape).randomLabelGradients(DataSplit." + split + ", seed -> ...)");
        }
        ValueVectorGradients gradient = given.apply(seed);
        checkGradientLength(gradient, "random-label gradients of " + split + " for seed " + seed);
        return copy(gradient);
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= shape.layers()) {
            throw new IndexOutOfBoundsException("layer " + layer + " of a model with " + shape.layers() + " layers");
        }
    }

    private void checkLoss(GradientLoss loss) {
        if (loss == null) {
            throw new NullPointerException("a gradient needs a loss (GradientLoss.meanAnswerNll() is the usual one)");
        }
        if (lossManager == null) {
            return;
        }
        try (NDManager scope = lossManager.newSubManager()) {
            FakeAnswerOutputs batch = FakeAnswerOutputs.seeded(scope, shape, 2, 3, 7);
            Constants constants = FakeObjectiveInputs.builder(shape, batch).build();
            NDArray value = loss.loss(batch, constants);
            PluginChecks.finiteScalar(value, "the GradientLoss passed to the model");
        }
    }

    private void checkGradientLength(ValueVectorGradients gradient, String what) {
        int expected = shape.valueVectors() * shape.dModel();
        if (gradient.mean().length != expected) {
            throw new IllegalArgumentException(what + ": " + gradient.mean().length + " entries; a model of shape " + shape
                    + " has valueVectors x dModel = " + expected);
        }
    }

    private static ValueVectorGradients copy(ValueVectorGradients g) {
        return new ValueVectorGradients(g.mean().clone(), g.meanOfSquares().clone(), g.batches());
    }

    private static float[] uniform(SplittableRandom random, int length, double scale) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * scale);
        }
        return values;
    }

    private static ValueVectorGradients gradients(SplittableRandom random, int entries) {
        float[] mean = uniform(random, entries, 0.01);
        float[] squares = new float[entries];
        for (int i = 0; i < entries; i++) {
            squares[i] = mean[i] * mean[i] * (float) (1 + random.nextDouble());
        }
        return new ValueVectorGradients(mean, squares, 2);
    }

    private record Visit(int item, int layer, int positions, float[] coefficients) {
    }

    /** Collects what the model shows. */
    @API(status = EXPERIMENTAL, since = "1.0")
    public static final class Builder {

        private final ModelShape shape;
        private final Map<Integer, float[]> valueVectors = new HashMap<>();
        private final Map<DataSplit, List<Visit>> activations = new EnumMap<>(DataSplit.class);
        private final Map<DataSplit, ValueVectorGradients> gradients = new EnumMap<>(DataSplit.class);
        private final Map<DataSplit, LongFunction<ValueVectorGradients>> randomLabelGradients = new EnumMap<>(DataSplit.class);
        private NDManager lossManager;

        private Builder(ModelShape shape) {
            if (shape == null) {
                throw new IllegalArgumentException("a model needs a shape");
            }
            this.shape = shape;
        }

        /** Layer {@code layer}'s value vectors, {@code valueVectorsPerLayer x dModel}, row-major. */
        public Builder valueVectors(int layer, float[] rows) {
            checkLayer(layer);
            int expected = shape.valueVectorsPerLayer() * shape.dModel();
            if (rows.length != expected) {
                throw new IllegalArgumentException("value vectors of layer " + layer + ": " + rows.length + " entries; "
                        + "valueVectorsPerLayer x dModel = " + expected);
            }
            valueVectors.put(layer, rows.clone());
            return this;
        }

        /**
         * One visit of {@link ModelView#visitActivations}: the memory coefficients of one item at one layer,
         * {@code positions x valueVectorsPerLayer}, row-major. Visits are replayed in the order they were given.
         */
        public Builder activations(DataSplit split, int item, int layer, int positions, float[] coefficients) {
            checkLayer(layer);
            if (item < 0 || positions < 1 || coefficients.length != positions * shape.valueVectorsPerLayer()) {
                throw new IllegalArgumentException("activations of item " + item + ", layer " + layer + ": " + coefficients.length
                        + " coefficients for " + positions + " positions x " + shape.valueVectorsPerLayer()
                        + " value vectors (and item >= 0, positions >= 1)");
            }
            activations.computeIfAbsent(split, s -> new ArrayList<>()).add(new Visit(item, layer, positions, coefficients.clone()));
            return this;
        }

        /** What {@link ModelView#gradients} returns for {@code split}, whatever the loss. */
        public Builder gradients(DataSplit split, ValueVectorGradients gradient) {
            int expected = shape.valueVectors() * shape.dModel();
            if (gradient.mean().length != expected) {
                throw new IllegalArgumentException(split + " gradients: " + gradient.mean().length + " entries; "
                        + "valueVectors x dModel = " + expected);
            }
            gradients.put(split, gradient);
            return this;
        }

        /** The same with a mean gradient only: the mean of squares is its square, from one batch. */
        public Builder gradients(DataSplit split, float[] mean) {
            float[] squares = new float[mean.length];
            for (int i = 0; i < mean.length; i++) {
                squares[i] = mean[i] * mean[i];
            }
            return gradients(split, new ValueVectorGradients(mean.clone(), squares, 1));
        }

        /** What {@link ModelView#randomLabelGradients} returns for {@code split} and the seed asked for. */
        public Builder randomLabelGradients(DataSplit split, LongFunction<ValueVectorGradients> bySeed) {
            randomLabelGradients.put(split, bySeed);
            return this;
        }

        /**
         * Evaluates every {@link GradientLoss} passed to the model once, on a seeded batch of arrays of this manager,
         * and fails unless it is a finite scalar.
         */
        public Builder checkLossesOn(NDManager manager) {
            this.lossManager = manager;
            return this;
        }

        public FakeModel build() {
            return new FakeModel(this);
        }

        private void checkLayer(int layer) {
            if (layer < 0 || layer >= shape.layers()) {
                throw new IndexOutOfBoundsException("layer " + layer + " of a model with " + shape.layers() + " layers");
            }
        }
    }
}
