package dev.lacuna.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lacuna.spi.AnswerOutputs;
import java.util.Arrays;
import java.util.Map;

/**
 * Outputs of one batch at answer positions, as handed to an objective. Per-token log-probabilities are
 * derived from the logits here, once, so every objective reads the same numbers.
 */
public final class BatchOutputs implements AnswerOutputs {

    private final int[] answerLengths;
    private final NDArray logits;
    private final NDArray targets;
    private final NDArray referenceTokenLogProbabilities;
    private final Map<Integer, NDArray> hiddenStates;
    private final Map<Integer, NDArray> referenceHiddenStates;
    private NDArray tokenLogProbabilities;
    private NDArray segments;

    /**
     * @param logits                         current model, {@code (N, V)}, attached to autograd
     * @param targets                        answer token ids {@code (N)}
     * @param answerLengths                  rows per item, summing to N
     * @param referenceTokenLogProbabilities reference model's {@code log p(target)} {@code (N)}, or null
     * @param hiddenStates                   current model's hidden states by layer, {@code (N, d)}
     * @param referenceHiddenStates          reference model's hidden states by layer
     */
    public BatchOutputs(NDArray logits, NDArray targets, int[] answerLengths, NDArray referenceTokenLogProbabilities,
            Map<Integer, NDArray> hiddenStates, Map<Integer, NDArray> referenceHiddenStates) {
        long rows = Arrays.stream(answerLengths).asLongStream().sum();
        if (logits.getShape().dimension() != 2 || logits.getShape().get(0) != rows || targets.size() != rows) {
            throw new IllegalArgumentException("logits " + logits.getShape() + " and targets " + targets.getShape()
                    + " do not match " + rows + " answer rows");
        }
        this.logits = logits;
        this.targets = targets;
        this.answerLengths = answerLengths.clone();
        this.referenceTokenLogProbabilities = referenceTokenLogProbabilities;
        this.hiddenStates = Map.copyOf(hiddenStates);
        this.referenceHiddenStates = Map.copyOf(referenceHiddenStates);
    }

    /** {@code log p(target)} of each row for given logits: the one definition harness and reference share. */
    public static NDArray tokenLogProbabilities(NDArray logits, NDArray targets) {
        NDArray index = targets.toType(DataType.INT64, false).reshape(targets.size(), 1);
        return logits.logSoftmax(-1).gather(index, 1).reshape(targets.size());
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
            tokenLogProbabilities = tokenLogProbabilities(logits, targets);
        }
        return tokenLogProbabilities;
    }

    @Override
    public NDArray referenceTokenLogProbabilities() {
        if (referenceTokenLogProbabilities == null) {
            throw new IllegalStateException("reference outputs were not requested: declare them in "
                    + "ObjectiveRequirements.withReferenceOutputs()");
        }
        return referenceTokenLogProbabilities;
    }

    @Override
    public NDArray hiddenStates(int layer) {
        return layer(hiddenStates, layer, "hidden states");
    }

    @Override
    public NDArray referenceHiddenStates(int layer) {
        return layer(referenceHiddenStates, layer, "reference hidden states");
    }

    @Override
    public NDArray sumPerItem(NDArray perRow) {
        if (perRow.size() != logits.getShape().get(0)) {
            throw new IllegalArgumentException("sumPerItem expects one value per answer row ("
                    + logits.getShape().get(0) + "), got shape " + perRow.getShape());
        }
        return segments().matMul(perRow.reshape(perRow.size(), 1)).reshape(items());
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
            NDManager manager = logits.getManager();
            segments = manager.create(matrix, new Shape(items(), rows)).toType(logits.getDataType(), false);
        }
        return segments;
    }

    private static NDArray layer(Map<Integer, NDArray> states, int layer, String what) {
        NDArray state = states.get(layer);
        if (state == null) {
            throw new IllegalStateException(what + " of layer " + layer + " were not requested: declare the layer "
                    + "in ObjectiveRequirements.withHiddenLayer(" + layer + ")" + (states.isEmpty() ? "" : "; requested: "
                    + states.keySet()));
        }
        return state;
    }
}
