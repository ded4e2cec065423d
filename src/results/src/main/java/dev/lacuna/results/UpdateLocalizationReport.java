package dev.lacuna.results;

import java.util.List;

/**
 * Where an unconstrained unlearning run's update landed (LACUNA's first question): each value vector's change norm
 * ||v_i(theta_u) - v_i(theta_o)|| ranked against V_tgt like a localizer's scores. Precision is of the top
 * {@code topShare} of rows by change; {@code squaredShareInside} is the fraction of the total squared change inside
 * V_tgt, whose chance level is {@code topShare}.
 *
 * @param topShare |V_tgt| / N, so precision is R-precision and its chance level too
 */
public record UpdateLocalizationReport(double topShare, @Nullable Double precision, @Nullable Double averagePrecision,
                                       @Nullable Double auroc, @Nullable Double squaredShareInside, List<LayerUpdate> perLayer) {

    public UpdateLocalizationReport {
        perLayer = List.copyOf(perLayer);
    }
}
