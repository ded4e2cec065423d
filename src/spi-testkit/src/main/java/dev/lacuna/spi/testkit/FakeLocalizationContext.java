package dev.lacuna.spi.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@link LocalizationContext} a test hands a {@link dev.lacuna.spi.Localizer}: a model (usually a
 * {@link FakeModel}) or only a shape, a seed, the fraction the harness keeps, and options. The defaults are the
 * harness's: fraction 0.1, no options (so every {@code option(name, default)} returns the default).
 *
 * <pre>{@code
 * LocalizationContext context = FakeLocalizationContext.builder(model).seed(7).option("gamma", "0.5").build();
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class FakeLocalizationContext implements LocalizationContext {

    private final ModelShape shape;
    private final ModelView model;
    private final long seed;
    private final double fraction;
    private final UserOptions options;

    private FakeLocalizationContext(Builder builder) {
        this.shape = builder.shape;
        this.model = builder.model;
        this.seed = builder.seed;
        this.fraction = builder.fraction;
        this.options = new UserOptions(builder.options);
    }

    /** A context around this model, with its shape. */
    public static Builder builder(ModelView model) {
        return new Builder(model.shape(), model);
    }

    /** A context without a model, for localizers that read only the shape and the seed; {@link #model()} fails. */
    public static Builder builder(ModelShape shape) {
        return new Builder(shape, null);
    }

    /** The context around this model with the defaults (seed 1, fraction 0.1, no options). */
    public static FakeLocalizationContext of(ModelView model) {
        return builder(model).build();
    }

    /** A model-free context of this shape and seed. */
    public static FakeLocalizationContext of(ModelShape shape, long seed) {
        return builder(shape).seed(seed).build();
    }

    @Override
    public ModelShape shape() {
        return shape;
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
        return options.get(name, defaultValue);
    }

    /** The names of the options the localizer asked for so far, in the order it first asked. */
    public Set<String> requestedOptions() {
        return options.requested();
    }

    @Override
    public ModelView model() {
        if (model == null) {
            throw new UnsupportedOperationException("this FakeLocalizationContext has no model: build it with "
                    + "FakeLocalizationContext.builder(model), for example around a FakeModel");
        }
        return model;
    }

    /** Collects a context. */
    @API(status = EXPERIMENTAL, since = "1.0")
    public static final class Builder {

        private final ModelShape shape;
        private final ModelView model;
        private final Map<String, String> options = new LinkedHashMap<>();
        private long seed = 1;
        private double fraction = 0.1;

        private Builder(ModelShape shape, ModelView model) {
            if (shape == null) {
                throw new IllegalArgumentException("a context needs a model shape");
            }
            this.shape = shape;
            this.model = model;
        }

        /** The seed (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The share of value vectors the harness keeps (default 0.1, the benchmark's p). */
        public Builder fraction(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("the fraction lies in (0, 1], got " + fraction);
            }
            this.fraction = fraction;
            return this;
        }

        /** A user option, as {@code --option name=value} sets it. */
        public Builder option(String name, String value) {
            options.put(name, value);
            return this;
        }

        /** Several user options. */
        public Builder options(Map<String, String> values) {
            options.putAll(values);
            return this;
        }

        public FakeLocalizationContext build() {
            return new FakeLocalizationContext(this);
        }
    }
}
