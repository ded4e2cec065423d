package dev.lacuna.results;

/** Precision, recall, AP and AUROC of the localizer's region within one layer; null where undefined there. */
public record LayerLocalization(int layer, @Nullable Double precision, @Nullable Double recall,
                                @Nullable Double averagePrecision, @Nullable Double auroc) {
}
