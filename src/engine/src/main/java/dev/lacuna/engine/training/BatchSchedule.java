package dev.lacuna.engine.training;

import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.TokenBatch;
import java.util.List;

/**
 * Which items every step of a run trains on, the one schedule both trainers follow so that the memory-aware
 * {@link RegionTrainer} minimises exactly the masked {@link Trainer}'s objective on the same batches: each epoch is
 * one length-grouped pass over the primary items (seeded by the epoch), and each of its batches is paired with the
 * next retain batch of a cycle that reshuffles whenever it runs out (seeded by the pass). Stateful: a run makes one.
 */
final class BatchSchedule {

    private final List<EncodedItem> primary;
    private final List<EncodedItem> retain;
    private final TrainingConfig config;
    private final int padId;
    private final int eosId;
    private final boolean usesRetain;
    private List<List<EncodedItem>> retainBatches = List.of();
    private int retainCursor;
    private int retainPasses;

    BatchSchedule(List<EncodedItem> primary, List<EncodedItem> retain, TrainingConfig config, int padId, int eosId) {
        if (primary.isEmpty()) {
            throw new IllegalArgumentException("nothing to train on");
        }
        this.primary = primary;
        this.retain = retain;
        this.config = config;
        this.padId = padId;
        this.eosId = eosId;
        this.usesRetain = config.retainWeight() > 0 && !retain.isEmpty();
    }

    /** One step's batches: the primary one, and the retain one or {@code null} when the run has no retain term. */
    record Step(TokenBatch main, TokenBatch side) {

        long paddedTokens() {
            return main.paddedTokens() + (side == null ? 0 : side.paddedTokens());
        }

        long answerTokens() {
            return main.targets().length + (side == null ? 0 : (long) side.targets().length);
        }
    }

    /** Optimiser steps of the whole run, for the learning-rate schedule. */
    int totalSteps() {
        return (primary.size() + config.batchSize() - 1) / config.batchSize() * config.epochs();
    }

    /** The primary batches of epoch {@code epoch} (from 1), in training order. */
    List<List<EncodedItem>> epoch(int epoch) {
        return LengthGroupedBatches.of(primary, config.batchSize(), config.seed() * 1_000_003L + epoch);
    }

    /** The step that trains on {@code items}, drawing the next retain batch of the cycle when there is a retain term. */
    Step step(List<EncodedItem> items) {
        TokenBatch side = null;
        if (usesRetain) {
            if (retainCursor == retainBatches.size()) {
                retainPasses++;
                retainBatches = LengthGroupedBatches.of(retain, config.batchSize(), config.seed() * 1_000_003L - retainPasses);
                retainCursor = 0;
            }
            side = TokenBatch.of(retainBatches.get(retainCursor++), padId, eosId);
        }
        return new Step(TokenBatch.of(items, padId, eosId), side);
    }
}
