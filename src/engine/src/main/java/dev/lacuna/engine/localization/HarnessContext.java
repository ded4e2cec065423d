package dev.lacuna.engine.localization;

import dev.lacuna.engine.model.Region;
import dev.lacuna.spi.GroundTruthUnavailableException;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;
import java.util.Map;

/**
 * The context a localizer runs in. The ground truth is held only when the harness grants it (the Oracle
 * reference); otherwise this object has no reference to it at all, so there is nothing to find.
 */
public final class HarnessContext implements LocalizationContext {

    private final TestbedModelView view;
    private final long seed;
    private final double fraction;
    private final Map<String, String> options;
    private final Region grantedTruth;
    private final String plugin;

    /** @param grantedTruth the ground-truth region for the Oracle reference; null for every other plugin */
    public HarnessContext(TestbedModelView view, long seed, double fraction, Map<String, String> options,
                          Region grantedTruth, String plugin) {
        this.view = view;
        this.seed = seed;
        this.fraction = fraction;
        this.options = Map.copyOf(options);
        this.grantedTruth = grantedTruth;
        this.plugin = plugin;
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

    @Override
    public boolean[] groundTruth() {
        if (grantedTruth == null) {
            throw new GroundTruthUnavailableException(plugin + " asked for the testbed's ground-truth region, which only the"
                    + " harness's Oracle reference may read (evaluate it with --ground-truth); a submitted localizer must find"
                    + " the region from the model");
        }
        return grantedTruth.flags();
    }
}
