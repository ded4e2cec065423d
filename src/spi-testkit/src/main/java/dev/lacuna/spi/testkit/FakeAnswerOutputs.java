package dev.lacuna.spi.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ModelShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * {@link AnswerOutputs} of a batch a test writes down, on real DJL arrays: the logits and targets of each item's
 * answer positions, and whichever reference outputs and hidden states the objective under test reads.
 * {@link #tokenLogProbabilities()} and {@link #sumPerItem(NDArray)} are computed with the same definitions as the
 * harness's (log-softmax of the logits at the target; a matrix product with the item segments), so a loss built
 * on them gets the numbers, and with {@link Builder#requiresGradient()} the gradients, it gets in an evaluation.
 *
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager()) {
 *     float ln3 = (float) Math.log(3);
 *     // item A: p(target) = 0.75 then 0.25; item B: 0.5
 *     AnswerOutputs forget = FakeAnswerOutputs.builder(manager, 2)
 *             .item(new float[][] {{0, ln3}, {0, ln3}}, new int[] {1, 0})
 *             .item(new float[][] {{0, 0}}, new int[] {1})
 *             .build();
 * }
 * }</pre>
 *
 * <p>Arrays belong to the manager given to the builder; close it after the test.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class FakeAnswerOutputs implements AnswerOutputs {

    private final int[] answerLengths;
    private final NDArray logits;
    private final NDArray targets;
    private final NDArray referenceTokenLogProbabilities;
    private final Map<Integer, NDArray> hiddenStates;
    private final Map<Integer, NDArray> referenceHiddenStates;
    private NDArray tokenLogProbabilities;
    private NDArray segments;

    private FakeAnswerOutputs(Builder builder) {
        NDManager manager = builder.manager;
        int rows = builder.targets.size();
        this.answerLengths = builder.lengths.stream().mapToInt(Integer::intValue).toArray();
        float[] flatLogits = new float[rows * builder.vocabularySize];
        long[] flatTargets = new long[rows];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(builder.logits.get(r), 0, flatLogits, r * builder.vocabularySize, builder.vocabularySize);
            flatTargets[r] = builder.targets.get(r);
        }
        this.logits = NativeArrays.of(manager, flatLogits, new Shape(rows, builder.vocabularySize));
        this.targets = NativeArrays.of(manager, flatTargets, new Shape(rows));
        if (builder.referenceTokenLogProbabilities != null) {
            if (builder.referenceTokenLogProbabilities.length != rows) {
                throw new IllegalArgumentException("reference log-probabilities: " + builder.referenceTokenLogProbabilities.length
                        + " values for " + rows + " answer rows");
            }
            this.referenceTokenLogProbabilities = NativeArrays.of(manager, builder.referenceTokenLogProbabilities, new Shape(rows));
        } else {
            this.referenceTokenLogProbabilities = null;
        }
        this.hiddenStates = states(manager, builder.hiddenStates, rows, "hidden states");
        this.referenceHiddenStates = states(manager, builder.referenceHiddenStates, rows, "reference hidden states");
        if (builder.requiresGradient) {
            logits.setRequiresGradient(true);
            hiddenStates.values().forEach(state -> state.setRequiresGradient(true));
        }
    }

    /** A builder of a batch with this vocabulary size (the width of every logits row). */
    public static Builder builder(NDManager manager, int vocabularySize) {
        return new Builder(manager, vocabularySize);
    }

    /**
     * A batch of {@code items} items with {@code answerLength} answer rows each, everything drawn from {@code seed}:
     * logits and reference log-probabilities of the right shapes, and hidden states of every layer, current and
     * reference. Enough for a smoke test that a loss is a finite scalar on the shapes an evaluation has.
     */
    public static FakeAnswerOutputs seeded(NDManager manager, ModelShape shape, int items, int answerLength, long seed) {
        if (items < 1 || answerLength < 1) {
            throw new IllegalArgumentException("a batch needs at least one item with at least one answer token");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Builder builder = builder(manager, shape.vocabularySize());
        int rows = items * answerLength;
        for (int item = 0; item < items; item++) {
            float[][] itemLogits = new float[answerLength][shape.vocabularySize()];
            int[] itemTargets = new int[answerLength];
            for (int t = 0; t < answerLength; t++) {
                for (int v = 0; v < shape.vocabularySize(); v++) {
                    itemLogits[t][v] = (float) (2 * random.nextDouble() - 1);
                }
                itemTargets[t] = random.nextInt(shape.vocabularySize());
            }
            builder.item(itemLogits, itemTargets);
        }
        float[] reference = new float[rows];
        for (int r = 0; r < rows; r++) {
            reference[r] = (float) Math.log(0.05 + 0.9 * random.nextDouble());
        }
        builder.referenceTokenLogProbabilities(reference);
        for (int layer = 0; layer < shape.layers(); layer++) {
            builder.hiddenStates(layer, gaussian(random, rows, shape.dModel()));
            builder.referenceHiddenStates(layer, gaussian(random, rows, shape.dModel()));
        }
        return builder.build();
    }

    @Override
    public int items() {
        return answerLengths.length;
    }

    @Override
    public int[] answerLengths() {
        return answerLengths.clone();
    }

    @Override
    public NDArray logits() {
        return logits;
    }

    @Override
    public NDArray targets() {
        return targets;
    }

    @Override
    public NDArray tokenLogProbabilities() {
        if (tokenLogProbabilities == null) {
            NDArray index = targets.toType(DataType.INT64, false).reshape(targets.size(), 1);
            tokenLogProbabilities = logits.logSoftmax(-1).gather(index, 1).reshape(targets.size());
        }
        return tokenLogProbabilities;
    }

    @Override
    public NDArray referenceTokenLogProbabilities() {
        if (referenceTokenLogProbabilities == null) {
            throw new IllegalStateException("no reference outputs in this fake: give them with "
                    + "FakeAnswerOutputs.builder(...).referenceTokenLogProbabilities(...) (the harness gives them to "
                    + "objectives that declare ObjectiveRequirements.withReferenceOutputs())");
        }
        return referenceTokenLogProbabilities;
    }

    @Override
    public NDArray hiddenStates(int layer) {
        return layer(hiddenStates, layer, "hidden states", "hiddenStates");
    }

    @Override
    public NDArray referenceHiddenStates(int layer) {
        return layer(referenceHiddenStates, layer, "reference hidden states", "referenceHiddenStates");
    }

    @Override
    public NDArray sumPerItem(NDArray perRow) {
        long rows = logits.getShape().get(0);
        if (perRow.size() != rows) {
            throw new IllegalArgumentException("sumPerItem expects one value per answer row (" + rows + "), got shape "
                    + perRow.getShape());
        }
        return segments().matMul(perRow.reshape(rows, 1)).reshape(items());
    }

    private NDArray segments() {
        if (segments == null) {
            int rows = (int) logits.getShape().get(0);
            float[] matrix = new float[items() * rows];
            int row = 0;
            for (int item = 0; item < answerLengths.length; item++) {
                for (int j = 0; j < answerLengths[item]; j++) {
                    matrix[item * rows + row++] = 1f;
                }
            }
            segments = NativeArrays.of(logits.getManager(), matrix, new Shape(items(), rows));
        }
        return segments;
    }

    private static NDArray layer(Map<Integer, NDArray> states, int layer, String what, String method) {
        NDArray state = states.get(layer);
        if (state == null) {
            throw new IllegalStateException("no " + what + " of layer " + layer + " in this fake: give them with "
                    + "FakeAnswerOutputs.builder(...)." + method + "(" + layer + ", rows) (the harness gives them for the "
                    + "layers an objective declares with ObjectiveRequirements.withHiddenLayer)"
                    + (states.isEmpty() ? "" : "; given: layers " + states.keySet()));
        }
        return state;
    }

    private static Map<Integer, NDArray> states(NDManager manager, Map<Integer, float[][]> given, int rows, String what) {
        Map<Integer, NDArray> states = new HashMap<>();
        for (Map.Entry<Integer, float[][]> entry : given.entrySet()) {
            float[][] state = entry.getValue();
            if (state.length != rows) {
                throw new IllegalArgumentException(what + " of layer " + entry.getKey() + ": " + state.length + " rows for "
                        + rows + " answer rows");
            }
            int width = state.length == 0 ? 0 : state[0].length;
            float[] flat = new float[rows * width];
            for (int r = 0; r < rows; r++) {
                if (state[r].length != width) {
                    throw new IllegalArgumentException(what + " of layer " + entry.getKey() + ": rows of unequal length");
                }
                System.arraycopy(state[r], 0, flat, r * width, width);
            }
            states.put(entry.getKey(), NativeArrays.of(manager, flat, new Shape(rows, width)));
        }
        return Map.copyOf(states);
    }

    private static float[][] gaussian(SplittableRandom random, int rows, int width) {
        float[][] values = new float[rows][width];
        for (float[] row : values) {
            for (int j = 0; j < width; j++) {
                // Box-Muller from two uniforms: deterministic given the seed
                double u = 1 - random.nextDouble();
                double v = random.nextDouble();
                row[j] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
            }
        }
        return values;
    }

    /** Collects a batch item by item. */
    @API(status = EXPERIMENTAL, since = "1.0")
    public static final class Builder {

        private final NDManager manager;
        private final int vocabularySize;
        private final List<float[]> logits = new ArrayList<>();
        private final List<Integer> targets = new ArrayList<>();
        private final List<Integer> lengths = new ArrayList<>();
        private final Map<Integer, float[][]> hiddenStates = new HashMap<>();
        private final Map<Integer, float[][]> referenceHiddenStates = new HashMap<>();
        private float[] referenceTokenLogProbabilities;
        private boolean requiresGradient;

        private Builder(NDManager manager, int vocabularySize) {
            if (vocabularySize < 1) {
                throw new IllegalArgumentException("the vocabulary needs at least one token");
            }
            this.manager = manager;
            this.vocabularySize = vocabularySize;
        }

        /**
         * Appends an item: one logits row per answer token ({@code vocabularySize} wide) and the token each row
         * should predict.
         */
        public Builder item(float[][] itemLogits, int[] itemTargets) {
            if (itemLogits.length != itemTargets.length || itemTargets.length == 0) {
                throw new IllegalArgumentException("an item needs one logits row per target and at least one target, got "
                        + itemLogits.length + " rows and " + itemTargets.length + " targets");
            }
            for (int t = 0; t < itemTargets.length; t++) {
                if (itemLogits[t].length != vocabularySize) {
                    throw new IllegalArgumentException("logits row " + t + " has " + itemLogits[t].length
                            + " entries; the vocabulary has " + vocabularySize);
                }
                if (itemTargets[t] < 0 || itemTargets[t] >= vocabularySize) {
                    throw new IllegalArgumentException("target " + itemTargets[t] + " is outside the vocabulary 0.."
                            + (vocabularySize - 1));
                }
                logits.add(itemLogits[t].clone());
                targets.add(itemTargets[t]);
            }
            lengths.add(itemTargets.length);
            return this;
        }

        /** The frozen reference model's {@code log p(target)}, one per answer row of the whole batch. */
        public Builder referenceTokenLogProbabilities(float... perRow) {
            this.referenceTokenLogProbabilities = perRow.clone();
            return this;
        }

        /** The current model's residual stream after {@code layer}, one row per answer row. */
        public Builder hiddenStates(int layer, float[][] rows) {
            hiddenStates.put(layer, rows);
            return this;
        }

        /** The reference model's residual stream after {@code layer}, one row per answer row. */
        public Builder referenceHiddenStates(int layer, float[][] rows) {
            referenceHiddenStates.put(layer, rows);
            return this;
        }

        /**
         * Attaches the logits and the current hidden states to DJL's autograd, so a test can check the gradient a
         * loss sends back ({@code Engine.getInstance().newGradientCollector()}, then {@code logits().getGradient()}).
         */
        public Builder requiresGradient() {
            this.requiresGradient = true;
            return this;
        }

        public FakeAnswerOutputs build() {
            if (lengths.isEmpty()) {
                throw new IllegalStateException("a batch needs at least one item: add one with item(logits, targets)");
            }
            return new FakeAnswerOutputs(this);
        }
    }
}
