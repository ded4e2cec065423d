package dev.lacuna.spi.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.ObjectiveRequirements;
import dev.lacuna.spi.UnlearningObjective;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@link ObjectiveInputs} of one step, as a test writes them: a forget batch (usually a
 * {@link FakeAnswerOutputs}), optional retain and preferred batches, a seed, a step and options. A batch that was
 * not given fails the way the harness fails for a batch that was not requested, naming the
 * {@link ObjectiveRequirements} method that requests it; constants are made as the harness makes them.
 *
 * <pre>{@code
 * ObjectiveInputs inputs = FakeObjectiveInputs.builder(new ModelShape(2, 4, 8, 2), forget)
 *         .option("beta", "0.5")
 *         .build();
 * double loss = PluginChecks.loss(new MyObjective(), inputs);
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class FakeObjectiveInputs implements ObjectiveInputs {

    private final ModelShape shape;
    private final long seed;
    private final int step;
    private final AnswerOutputs forget;
    private final AnswerOutputs retain;
    private final AnswerOutputs preferred;
    private final UserOptions options;

    private FakeObjectiveInputs(Builder builder) {
        this.shape = builder.shape;
        this.seed = builder.seed;
        this.step = builder.step;
        this.forget = builder.forget;
        this.retain = builder.retain;
        this.preferred = builder.preferred;
        this.options = new UserOptions(builder.options);
    }

    /** A builder of inputs for a model of this shape with this forget batch. */
    public static Builder builder(ModelShape shape, AnswerOutputs forget) {
        return new Builder(shape, forget);
    }

    /**
     * Inputs with every batch that {@code objective.requirements(shape)} asks for, drawn from {@code seed}
     * ({@link FakeAnswerOutputs#seeded}: 3 items of 4 answer tokens, reference outputs and every layer's hidden
     * states): a smoke test that the loss is a finite scalar with what the harness would hand it. Batches the
     * objective did not ask for are absent, as in an evaluation.
     */
    public static FakeObjectiveInputs seededFor(UnlearningObjective objective, NDManager manager, ModelShape shape, long seed) {
        ObjectiveRequirements needs = objective.requirements(shape);
        for (int layer : needs.hiddenLayers()) {
            if (layer < 0 || layer >= shape.layers()) {
                throw new AssertionError("the objective asks for hidden states of layer " + layer + ", but the model has "
                        + shape.layers() + " layers (0 to " + (shape.layers() - 1) + ")");
            }
        }
        Builder builder = builder(shape, FakeAnswerOutputs.seeded(manager, shape, 3, 4, seed)).seed(seed);
        if (needs.retainBatch()) {
            builder.retain(FakeAnswerOutputs.seeded(manager, shape, 3, 4, seed + 1));
        }
        if (needs.preferredAnswers()) {
            builder.preferred(FakeAnswerOutputs.seeded(manager, shape, 3, 2, seed + 2));
        }
        return builder.build();
    }

    @Override
    public ModelShape shape() {
        return shape;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public int step() {
        return step;
    }

    @Override
    public AnswerOutputs forget() {
        return forget;
    }

    @Override
    public AnswerOutputs retain() {
        if (retain == null) {
            throw new IllegalStateException("no retain batch: declare ObjectiveRequirements.withRetainBatch() (in this fake, "
                    + "give one with FakeObjectiveInputs.builder(...).retain(...))");
        }
        return retain;
    }

    @Override
    public AnswerOutputs preferred() {
        if (preferred == null) {
            throw new IllegalStateException("no preferred answers: declare ObjectiveRequirements.withPreferredAnswers() (in "
                    + "this fake, give them with FakeObjectiveInputs.builder(...).preferred(...))");
        }
        return preferred;
    }

    @Override
    public String option(String name, String defaultValue) {
        return options.get(name, defaultValue);
    }

    /** The names of the options the plugin asked for so far, in the order it first asked. */
    public Set<String> requestedOptions() {
        return options.requested();
    }

    @Override
    public NDArray constant(double value) {
        return NativeArrays.of(forget.logits().getManager(), new float[] {(float) value}, new Shape());
    }

    @Override
    public NDArray constants(float[] values) {
        return NativeArrays.of(forget.logits().getManager(), values.clone(), new Shape(values.length));
    }

    /** Collects the inputs of one step. */
    @API(status = EXPERIMENTAL, since = "1.0")
    public static final class Builder {

        private final ModelShape shape;
        private final AnswerOutputs forget;
        private final Map<String, String> options = new LinkedHashMap<>();
        private AnswerOutputs retain;
        private AnswerOutputs preferred;
        private long seed = 1;
        private int step;

        private Builder(ModelShape shape, AnswerOutputs forget) {
            if (shape == null || forget == null) {
                throw new IllegalArgumentException("objective inputs need a model shape and a forget batch");
            }
            this.shape = shape;
            this.forget = forget;
        }

        /** The run's seed (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The step's index (default 0). */
        public Builder step(int step) {
            if (step < 0) {
                throw new IllegalArgumentException("steps count from 0");
            }
            this.step = step;
            return this;
        }

        /** A retain batch, as the harness gives objectives that declare {@code withRetainBatch()}. */
        public Builder retain(AnswerOutputs retain) {
            this.retain = retain;
            return this;
        }

        /**
         * The forget prompts with preferred answers, item by item, as the harness gives objectives that declare
         * {@code withPreferredAnswers()}.
         */
        public Builder preferred(AnswerOutputs preferred) {
            this.preferred = preferred;
            return this;
        }

        /** A user option, as {@code --option name=value} sets it. */
        public Builder option(String name, String value) {
            options.put(name, value);
            return this;
        }

        public FakeObjectiveInputs build() {
            return new FakeObjectiveInputs(this);
        }
    }
}
