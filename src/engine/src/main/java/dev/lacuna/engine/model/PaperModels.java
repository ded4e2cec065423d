package dev.lacuna.engine.model;

import dev.lacuna.engine.model.ModelConfig.Architecture;
import dev.lacuna.engine.model.ModelConfig.Mlp;
import dev.lacuna.engine.model.ModelConfig.Norms;
import dev.lacuna.engine.model.ModelConfig.Positions;
import dev.lacuna.engine.model.ModelConfig.RopeScaling;
import java.util.List;
import java.util.Locale;

/**
 * The pretrained checkpoints of the papers the benchmark reproduces, as engine shapes: Lee et al. (2025) unlearn in
 * Llama-3.1-8B-Instruct and OLMo-2-1124-7B-Instruct, LACUNA injects into OLMo-2 1B and 7B. The numbers are those of
 * each checkpoint's published {@code config.json}, written out here so that a memory plan or a recipe can be stated
 * without the weights at hand; an instruction-tuned checkpoint has its base model's shape, so the {@code -instruct}
 * names give the same numbers under their own name.
 */
public final class PaperModels {

    /** The names {@link #named} knows, base shapes first. */
    public static final List<String> NAMES = List.of("llama-3.1-8b", "olmo-2-7b", "olmo-2-1b",
            "llama-3.1-8b-instruct", "olmo-2-7b-instruct", "olmo-2-1b-instruct");


    private PaperModels() {
    }

    /** meta-llama/Llama-3.1-8B: grouped-query attention (8 key/value heads), Llama 3 rotary scaling, untied head. */
    public static ModelConfig llama31_8b(String name) {
        return new ModelConfig(name, 32, 4096, 32, 14336, 128256, 131072, Positions.ROTARY, Mlp.SWIGLU,
                new Architecture(8, 128, 1e-5, 500_000.0, new RopeScaling(8.0, 1.0, 4.0, 8192), false, Norms.PRE, false));
    }

    /** allenai/OLMo-2-1124-7B: norms after each sublayer and on queries and keys, untied head. */
    public static ModelConfig olmo2_7b(String name) {
        return new ModelConfig(name, 32, 4096, 32, 11008, 100352, 4096, Positions.ROTARY, Mlp.SWIGLU,
                new Architecture(32, 128, 1e-6, 500_000.0, null, false, Norms.POST, true));
    }

    /** allenai/OLMo-2-0425-1B: OLMo-2 7B's design at half the width and depth; its head is untied too. */
    public static ModelConfig olmo2_1b(String name) {
        return new ModelConfig(name, 16, 2048, 16, 8192, 100352, 4096, Positions.ROTARY, Mlp.SWIGLU,
                new Architecture(16, 128, 1e-6, 500_000.0, null, false, Norms.POST, true));
    }

    /** The shape for one of {@link #NAMES}, under that name. */
    public static ModelConfig named(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return switch (key.endsWith("-instruct") ? key.substring(0, key.length() - "-instruct".length()) : key) {
            case "llama-3.1-8b" -> llama31_8b(key);
            case "olmo-2-7b" -> olmo2_7b(key);
            case "olmo-2-1b" -> olmo2_1b(key);
            default -> throw new IllegalArgumentException("unknown pretrained model '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /** Whether {@code name} is one of {@link #NAMES}. */
    public static boolean isKnown(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }
}
