package dev.lacuna.results;

/**
 * Where an unconstrained update landed within one layer: the change norms of its value vectors ranked against
 * V_tgt, and the share of the layer's squared change inside V_tgt; null where undefined (nothing selected or
 * changed there, or one class missing).
 */
public record LayerUpdate(int layer, @Nullable Double precision, @Nullable Double averagePrecision, @Nullable Double auroc,
                          @Nullable Double squaredShareInside) {
}
