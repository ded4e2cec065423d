package dev.lacuna.spi;

import java.util.Set;
import java.util.TreeSet;

/**
 * What an {@link UnlearningObjective} needs the harness to compute at every step. Asking only for what a
 * loss uses keeps steps cheap: reference outputs cost a second forward pass, a retain batch a third.
 *
 * @param retainBatch      a batch of retain items alongside the forget batch
 * @param referenceOutputs outputs of the frozen reference model on the same batches
 * @param preferredAnswers the forget prompts paired with preferred answers (refusals such as
 *                         "I don't know"), for preference objectives
 * @param hiddenLayers     layers whose hidden states the loss reads (0-based)
 */
public record ObjectiveRequirements(boolean retainBatch, boolean referenceOutputs, boolean preferredAnswers,
        Set<Integer> hiddenLayers) {

    public ObjectiveRequirements {
        hiddenLayers = Set.copyOf(new TreeSet<>(hiddenLayers));
    }

    /** Logits of the current model on the forget batch, nothing else. */
    public static ObjectiveRequirements forgetOnly() {
        return new ObjectiveRequirements(false, false, false, Set.of());
    }

    public ObjectiveRequirements withRetainBatch() {
        return new ObjectiveRequirements(true, referenceOutputs, preferredAnswers, hiddenLayers);
    }

    public ObjectiveRequirements withReferenceOutputs() {
        return new ObjectiveRequirements(retainBatch, true, preferredAnswers, hiddenLayers);
    }

    public ObjectiveRequirements withPreferredAnswers() {
        return new ObjectiveRequirements(retainBatch, referenceOutputs, true, hiddenLayers);
    }

    public ObjectiveRequirements withHiddenLayer(int layer) {
        Set<Integer> layers = new TreeSet<>(hiddenLayers);
        layers.add(layer);
        return new ObjectiveRequirements(retainBatch, referenceOutputs, preferredAnswers, layers);
    }
}
