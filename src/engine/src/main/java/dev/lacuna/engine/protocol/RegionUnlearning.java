package dev.lacuna.engine.protocol;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.NativeArrays;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.objective.BatchOutputs;
import dev.lacuna.engine.objective.LossCheck;
import dev.lacuna.engine.objective.ObjectiveFailure;
import dev.lacuna.engine.objective.StepInputs;
import dev.lacuna.engine.training.AdamW;
import dev.lacuna.engine.training.AdamWConfig;
import dev.lacuna.engine.training.LengthGroupedBatches;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveRequirements;
import dev.lacuna.spi.UnlearningObjective;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unlearning with a plugin's loss, confined to a region: a copy of theta_o whose value vectors outside the
 * region never change (masked AdamW), trained for a fixed number of epochs over the forget set. Every step
 * builds the objective's inputs from real forward passes, computing only what its requirements ask for;
 * the frozen theta_o supplies reference outputs outside any gradient recording. A loss that is not a finite
 * scalar, or a plugin that throws, ends the run with an {@link ObjectiveFailure} naming plugin and step, and
 * the half-trained copy is closed, so nothing partial escapes.
 */
public final class RegionUnlearning {

    /** Receives the step count as training proceeds. */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(int step, int totalSteps);
    }

    private RegionUnlearning() {
    }

    /** The model shape a plugin sees for a transformer. */
    public static ModelShape shapeOf(Transformer model) {
        return new ModelShape(model.config().layers(), model.config().dModel(), model.config().dFf(), model.config().vocab());
    }

    /**
     * @param original  theta_o; left unchanged
     * @param plugin    the name failures report
     * @return theta_u, a new model the caller closes
     */
    public static Transformer unlearn(Transformer original, Region region, UnlearningObjective objective, String plugin,
                                      EvaluationData data, UnlearningSettings settings, StepListener listener) {
        ModelShape shape = shapeOf(original);
        ObjectiveRequirements requirements;
        try {
            requirements = objective.requirements(shape);
        } catch (RuntimeException e) {
            throw new ObjectiveFailure(plugin + " failed while declaring its requirements: " + e, e);
        }
        if (requirements == null) {
            throw new ObjectiveFailure(plugin + " declared no requirements (null)");
        }
        for (int layer : requirements.hiddenLayers()) {
            if (layer < 0 || layer >= shape.layers()) {
                throw new ObjectiveFailure(plugin + " asked for hidden states of layer " + layer + ", but the model has layers 0.."
                        + (shape.layers() - 1));
            }
        }
        Map<String, EncodedItem> preferredById = new HashMap<>();
        for (int i = 0; i < data.forget().size(); i++) {
            preferredById.put(data.forget().get(i).id(), data.preferred().get(i));
        }
        Transformer model = original.copy();
        boolean done = false;
        try {
            train(model, original, region, objective, plugin, requirements, data, preferredById, settings, listener);
            done = true;
            return model;
        } finally {
            model.parameters().values().forEach(p -> p.setRequiresGradient(false));
            if (!done) {
                model.close();
            }
        }
    }

    private static void train(Transformer model, Transformer original, Region region, UnlearningObjective objective,
                              String plugin, ObjectiveRequirements requirements, EvaluationData data,
                              Map<String, EncodedItem> preferredById, UnlearningSettings settings, StepListener listener) {
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        Map<String, float[]> masks = new LinkedHashMap<>();
        for (int l = 0; l < model.config().layers(); l++) {
            if (region.sizeInLayer(l) > 0) {
                String name = Transformer.valueMatrixName(l);
                trainable.put(name, model.parameter(name));
                masks.put(name, region.rowMask(l));
            }
        }
        model.parameters().forEach((name, p) -> p.setRequiresGradient(trainable.containsKey(name)));
        AdamWConfig optimiser = AdamWConfig.of(settings.learningRate()).withWarmup(0).withWeightDecay(settings.weightDecay());
        int batchesPerEpoch = (data.forget().size() + settings.batchSize() - 1) / settings.batchSize();
        int epochs = settings.epochsFor(data.forget().size());
        int totalSteps = batchesPerEpoch * epochs;
        int step = 0;
        List<List<EncodedItem>> retainBatches = List.of();
        int retainCursor = 0;
        int retainPasses = 0;
        ModelShape shape = shapeOf(model);
        try (AdamW adam = new AdamW(optimiser, trainable, masks, model.manager())) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                for (List<EncodedItem> forgetItems : LengthGroupedBatches.of(data.forget(), settings.batchSize(),
                        settings.seed() * 1_000_003L + epoch)) {
                    List<EncodedItem> retainItems = null;
                    if (requirements.retainBatch()) {
                        if (retainCursor == retainBatches.size()) {
                            retainPasses++;
                            retainBatches = LengthGroupedBatches.of(data.retain(), settings.batchSize(),
                                    settings.seed() * 1_000_003L - retainPasses);
                            retainCursor = 0;
                        }
                        retainItems = retainBatches.get(retainCursor++);
                    }
                    List<EncodedItem> preferredItems = requirements.preferredAnswers()
                            ? forgetItems.stream().map(i -> preferredById.get(i.id())).toList() : null;
                    step(model, original, objective, plugin, requirements, shape, settings, step, forgetItems,
                            retainItems, preferredItems, data.padId());
                    try (NDScope ignored = new NDScope()) {
                        adam.step(totalSteps);
                    } catch (IllegalStateException e) {
                        throw new ObjectiveFailure(plugin + "'s loss gave non-finite gradients at step " + step + ": "
                                + e.getMessage(), e);
                    }
                    step++;
                    if (listener != null) {
                        listener.afterStep(step, totalSteps);
                    }
                }
            }
        }
    }

    private static void step(Transformer model, Transformer original, UnlearningObjective objective, String plugin,
                             ObjectiveRequirements requirements, ModelShape shape, UnlearningSettings settings, int step,
                             List<EncodedItem> forgetItems, List<EncodedItem> retainItems, List<EncodedItem> preferredItems,
                             int padId) {
        try (NDScope ignored = new NDScope()) {
            TokenBatch forgetBatch = TokenBatch.of(forgetItems, padId, -1);
            TokenBatch retainBatch = retainItems == null ? null : TokenBatch.of(retainItems, padId, -1);
            TokenBatch preferredBatch = preferredItems == null ? null : TokenBatch.of(preferredItems, padId, -1);
            Set<Integer> layers = requirements.hiddenLayers();
            boolean reference = requirements.referenceOutputs();
            Transformer.Forward forgetRef = reference ? original.forward(forgetBatch, layers) : null;
            Transformer.Forward retainRef = reference && retainBatch != null ? original.forward(retainBatch, layers) : null;
            Transformer.Forward preferredRef = reference && preferredBatch != null ? original.forward(preferredBatch, layers) : null;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                AnswerOutputs forget = outputs(model, forgetBatch, layers, forgetRef);
                AnswerOutputs retain = retainBatch == null ? null : outputs(model, retainBatch, layers, retainRef);
                AnswerOutputs preferred = preferredBatch == null ? null : outputs(model, preferredBatch, layers, preferredRef);
                StepInputs inputs = new StepInputs(shape, settings.seed(), step, forget, retain, preferred, settings.options());
                NDArray loss;
                try {
                    loss = objective.loss(inputs);
                } catch (ObjectiveFailure e) {
                    throw e;
                } catch (RuntimeException | LinkageError e) {
                    throw new ObjectiveFailure(plugin + " failed at step " + step + ": " + e, e);
                }
                LossCheck.requireFiniteScalar(loss, plugin, step);
                try {
                    collector.backward(loss);
                } catch (RuntimeException e) {
                    throw new ObjectiveFailure(plugin + "'s loss at step " + step
                            + " cannot be differentiated with respect to the model (is it built from the model's outputs?): " + e, e);
                }
            }
        }
    }

    private static AnswerOutputs outputs(Transformer model, TokenBatch batch, Set<Integer> layers, Transformer.Forward reference) {
        Transformer.Forward current = model.forward(batch, layers);
        long[] ids = new long[batch.targets().length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.targets()[i];
        }
        NDArray targets = NativeArrays.of(current.logits().getManager(), ids, new Shape(ids.length));
        NDArray referenceLogProbabilities = reference == null ? null
                : BatchOutputs.tokenLogProbabilities(reference.logits(), targets);
        Map<Integer, NDArray> referenceHidden = reference == null ? Map.of() : reference.hiddenStates();
        return new BatchOutputs(current.logits(), targets, batch.answerLengths(), referenceLogProbabilities,
                current.hiddenStates(), referenceHidden);
    }
}
