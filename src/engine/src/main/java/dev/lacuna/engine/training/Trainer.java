package dev.lacuna.engine.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.NativeArrays;
import dev.lacuna.engine.model.ParameterWrite;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link Transformer} on answer tokens: either every parameter (building theta_r) or only the
 * value vectors of a {@link Region} (injecting the forget set into theta_o, where nothing outside the region
 * may move). Each step runs in its own NDScope so memory stays flat, and a non-finite loss stops training
 * with an exception instead of silently producing a broken checkpoint.
 */
public final class Trainer {

    /** Called after each epoch; returning {@code false} stops training early. */
    @FunctionalInterface
    public interface EpochListener {
        boolean afterEpoch(int epoch, double meanLoss);
    }

    /**
     * Saves and restores the progress of a long all-parameter run, so that an interrupted run continues
     * where its last checkpoint left it and ends with the same bytes as an uninterrupted one.
     */
    public interface Checkpoints {

        /** The last saved progress, if any. */
        java.util.Optional<Progress> latest();

        /** Whether to checkpoint after this epoch; progress is only copied out of the model when it is. */
        boolean due(int epoch);

        /** Called after a due epoch whose listener asked to go on. */
        void save(Progress progress);
    }

    /** Training progress after {@code epoch} full epochs. */
    public record Progress(int epoch, Map<String, float[]> weights, AdamW.State optimizer, long paddedTokens,
                           long answerTokens, double seconds, double lastEpochLoss) {
    }

    /** What a run did. */
    public record Result(int epochs, int steps, double lastEpochLoss, long paddedTokens, long answerTokens,
                         double seconds) {
    }

    private final int padId;
    private final int eosId;

    /** @param eosId appended as the last target of every answer, so generation learns to stop */
    public Trainer(int padId, int eosId) {
        this.padId = padId;
        this.eosId = eosId;
    }

    /** Trains every parameter on {@code items}. */
    public Result trainAll(Transformer model, List<EncodedItem> items, TrainingConfig config, EpochListener listener) {
        return train(model, items, List.of(), null, config, listener, null);
    }

    /**
     * Trains every parameter on {@code items}, continuing from the latest checkpoint if there is one and
     * offering one after every epoch. The model must be the run's initial model; it is overwritten with the
     * checkpoint's weights when resuming.
     */
    public Result trainAll(Transformer model, List<EncodedItem> items, TrainingConfig config, EpochListener listener,
                           Checkpoints checkpoints) {
        return train(model, items, List.of(), null, config, listener, checkpoints);
    }

    /**
     * Minimises {@code L(primary) + retainWeight * L(retain)}, where each L is the mean cross-entropy over
     * the answer tokens (and EOS) of one batch. One epoch is one pass over {@code primary}; retain batches
     * cycle alongside.
     *
     * @param region value vectors allowed to change, or {@code null} to train every parameter
     */
    public Result train(Transformer model, List<EncodedItem> primary, List<EncodedItem> retain, Region region,
                        TrainingConfig config, EpochListener listener) {
        return train(model, primary, retain, region, config, listener, null);
    }

    private Result train(Transformer model, List<EncodedItem> primary, List<EncodedItem> retain, Region region,
                         TrainingConfig config, EpochListener listener, Checkpoints checkpoints) {
        BatchSchedule schedule = new BatchSchedule(primary, retain, config, padId, eosId);
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        Map<String, float[]> masks = new LinkedHashMap<>();
        if (region == null) {
            trainable.putAll(model.parameters());
        } else {
            if (region.layers() != model.config().layers() || region.dFf() != model.config().dFf()) {
                throw new IllegalArgumentException(region + " does not fit model " + model.config().name());
            }
            for (int l = 0; l < model.config().layers(); l++) {
                String name = Transformer.valueMatrixName(l);
                trainable.put(name, model.parameter(name));
                masks.put(name, region.rowMask(l));
            }
        }
        java.util.Optional<Progress> resumed = checkpoints == null ? java.util.Optional.empty() : checkpoints.latest();
        resumed.ifPresent(p -> model.parameters().forEach((name, array) -> ParameterWrite.overwrite(array, p.weights().get(name))));
        model.parameters().forEach((name, p) -> p.setRequiresGradient(trainable.containsKey(name)));

        int totalSteps = schedule.totalSteps();
        long start = System.nanoTime();
        long paddedTokens = 0;
        long answerTokens = 0;
        int epoch = 0;
        double epochLoss = Double.NaN;
        double earlierSeconds = 0;
        try (AdamW optimizer = new AdamW(config.optimizer(), trainable, masks, model.manager())) {
            if (resumed.isPresent()) {
                Progress p = resumed.get();
                optimizer.restore(p.optimizer());
                epoch = p.epoch();
                paddedTokens = p.paddedTokens();
                answerTokens = p.answerTokens();
                earlierSeconds = p.seconds();
                epochLoss = p.lastEpochLoss();
            }
            while (epoch < config.epochs()) {
                epoch++;
                double lossSum = 0;
                List<List<EncodedItem>> batches = schedule.epoch(epoch);
                for (List<EncodedItem> items : batches) {
                    BatchSchedule.Step batch = schedule.step(items);
                    double loss;
                    try (NDScope ignored = new NDScope();
                         GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray objective = crossEntropy(model, batch.main());
                        if (batch.side() != null) {
                            objective = objective.add(crossEntropy(model, batch.side())
                                    .mul(NativeArrays.scalar(model.manager(), (float) config.retainWeight())));
                        }
                        loss = objective.getFloat();
                        if (!Double.isFinite(loss)) {
                            throw new IllegalStateException("loss is " + loss + " at step " + (optimizer.steps() + 1)
                                    + " (epoch " + epoch + "); training diverged (lower the learning rate)");
                        }
                        collector.backward(objective);
                    }
                    try (NDScope ignored = new NDScope()) {
                        optimizer.step(totalSteps);
                    }
                    lossSum += loss;
                    paddedTokens += batch.paddedTokens();
                    answerTokens += batch.answerTokens();
                }
                epochLoss = lossSum / batches.size();
                if (listener != null && !listener.afterEpoch(epoch, epochLoss)) {
                    break;
                }
                if (checkpoints != null && epoch < config.epochs() && checkpoints.due(epoch)) {
                    checkpoints.save(new Progress(epoch, model.weights(), optimizer.state(), paddedTokens, answerTokens,
                            earlierSeconds + (System.nanoTime() - start) / 1e9, epochLoss));
                }
            }
            return new Result(epoch, optimizer.steps(), epochLoss, paddedTokens, answerTokens,
                    earlierSeconds + (System.nanoTime() - start) / 1e9);
        } finally {
            model.parameters().values().forEach(p -> p.setRequiresGradient(false));
        }
    }

    /** Mean cross-entropy over the batch's scored positions. */
    public static NDArray crossEntropy(Transformer model, TokenBatch batch) {
        return crossEntropy(model.logits(batch), batch);
    }

    /** Mean cross-entropy of logits {@code (N, vocab)} at the batch's scored positions. */
    public static NDArray crossEntropy(NDArray logits, TokenBatch batch) {
        long[] targets = new long[batch.targets().length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = batch.targets()[i];
        }
        NDArray index = NativeArrays.of(logits.getManager(), targets, new Shape(targets.length, 1));
        return logits.logSoftmax(-1).gather(index.toType(DataType.INT64, false), 1).mean().neg();
    }
}
