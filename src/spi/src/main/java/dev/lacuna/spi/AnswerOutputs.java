package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import org.apiguardian.api.API;

/**
 * Model outputs on a batch of (prompt, answer) items, at answer positions only: row {@code r} belongs to
 * the position that predicts one answer token, rows are grouped item by item in batch order, and
 * {@link #answerLengths()} says how many rows each item has. Prompt tokens and padding never appear.
 *
 * <p>Arrays of the current model are attached to the autograd graph: a loss built from them has
 * gradients with respect to the parameters being unlearned. Arrays of the reference model (the model
 * before unlearning, frozen) are constants.
 */
@API(status = STABLE, since = "1.0")
public interface AnswerOutputs {

    /** Number of items in the batch. */
    int items();

    /** Answer tokens of each item; they sum to the number of rows {@code N}. */
    int[] answerLengths();

    /** Logits of the current model, shape {@code (N, vocabularySize)}. */
    NDArray logits();

    /** The answer token each row should predict, shape {@code (N)}, integer ids. */
    NDArray targets();

    /** {@code log p(target)} of each row under the current model, shape {@code (N)}. */
    NDArray tokenLogProbabilities();

    /**
     * {@code log p(target)} of each row under the frozen reference model, shape {@code (N)}; available
     * when the objective asked for reference outputs.
     */
    NDArray referenceTokenLogProbabilities();

    /**
     * The residual stream after layer {@code layer} (0-based) at each row's position, shape
     * {@code (N, dModel)}; available for the layers the objective asked for.
     */
    NDArray hiddenStates(int layer);

    /** The same hidden states of the frozen reference model; available with reference outputs. */
    NDArray referenceHiddenStates(int layer);

    /** Sums a per-row array {@code (N)} into per-item totals {@code (items)}, for sequence-level scores. */
    NDArray sumPerItem(NDArray perRow);
}
