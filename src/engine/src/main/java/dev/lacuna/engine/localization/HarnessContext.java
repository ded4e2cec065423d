package dev.lacuna.engine.localization;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;
import java.util.Map;

/**
 * The context a localizer runs in: theta_o's view, a seed, the fraction kept and the options. It holds no
 * reference to the ground truth, and neither does the process it runs in.
 */
public final class HarnessContext implements LocalizationContext {

    private final TestbedModelView view;
    private final long seed;
    private final double fraction;
    private final Map<String, String> options;

    public HarnessContext(TestbedModelView view, long seed, double fraction, Map<String, String> options) {
        this.view = view;
        this.seed = seed;
        this.fraction = fraction;
        this.options = Map.copyOf(options);
    }

    @Override
    public ModelShape shape() {
        return view.shape();
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public double fraction() {
        return fraction;
    }

    @Override
    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    @Override
    public ModelView model() {
        return view;
    }
}
