package dev.lacuna.engine.training;

/**
 * How long and on what batches to train.
 *
 * @param epochs       passes over the primary (forget or retain) set
 * @param batchSize    sequences per batch of each set
 * @param retainWeight lambda in {@code L_primary + lambda * L_retain}; 0 trains on the primary set alone
 * @param optimizer    AdamW settings
 * @param seed         seeds batch order; together with a single thread it fixes the result bit for bit
 */
public record TrainingConfig(int epochs, int batchSize, double retainWeight, AdamWConfig optimizer, long seed) {

    public TrainingConfig {
        if (epochs < 1 || batchSize < 1 || retainWeight < 0) {
            throw new IllegalArgumentException("invalid training settings: " + this);
        }
    }
}
