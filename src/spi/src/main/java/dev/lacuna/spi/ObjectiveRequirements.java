package dev.lacuna.spi;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * What an {@link UnlearningObjective} needs the harness to compute at every step. Asking only for what a
 * loss uses keeps steps cheap: reference outputs cost a second forward pass, a retain batch a third.
 *
 * <p>Labelled {@code MAINTAINED}: a new kind of requirement adds a record component, which changes the canonical
 * constructor and so comes with a major version. Build requirements with {@link #forgetOnly()} and the
 * {@code with...} methods, which stay.
 *
 * @param retainBatch      a batch of retain items alongside the forget batch
 * @param referenceOutputs outputs of the frozen reference model on the same batches
 * @param preferredAnswers the forget prompts paired with preferred answers (refusals such as
 *                         "I don't know"), for preference objectives
 * @param hiddenLayers     layers whose hidden states the loss reads (0-based)
 */
@API(status = MAINTAINED, since = "1.0")
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
