package dev.lacuna.results;

import java.util.List;

/** How one seed's region R compares with V_tgt, overall and per layer. */
public record LocalizationReport(@Nullable Double precision, @Nullable Double recall, @Nullable Double averagePrecision,
                                 @Nullable Double auroc, List<LayerLocalization> perLayer) {

    public LocalizationReport {
        perLayer = List.copyOf(perLayer);
    }
}
