package dev.lacuna.results;

import java.util.List;

/**
 * One unlearning run in one region and its mixing sweep (the schema's {@code $defs/run}).
 *
 * @param aues        area under the FS-RS curve of {@code curve}
 * @param mu95        log10 FQ where MU falls to 95 % of theta_o's; null without Forget Quality
 * @param mu95Reached false when MU never fell that far ({@code mu95} is then log10 FQ at alpha = 1)
 * @param attacks     the resurfacing attacks on theta_u; absent in results measured before they existed
 * @param updateLocalization where the update landed; only for the unconstrained scenario, whose region is everything
 */
public record Run(int regionSize, double aues, @Nullable Double mu95, @Nullable Boolean mu95Reached, List<CurvePoint> curve,
                  @OptionalKey Attacks attacks, @OptionalKey UpdateLocalizationReport updateLocalization) {

    public Run {
        curve = List.copyOf(curve);
    }

    /** This run with its attacks and update localization (either may be null). */
    public Run with(Attacks attacked, UpdateLocalizationReport update) {
        return new Run(regionSize, aues, mu95, mu95Reached, curve, attacked, update);
    }
}
