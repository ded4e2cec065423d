package dev.lacuna.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * The shape a Hugging Face {@code config.json} of a Llama or OLMo-2 checkpoint describes ({@code model_type}
     * {@code llama} or {@code olmo2}). Fields the format lets out take the defaults of those two model types; a
     * field that is present but of a kind the engine does not compute (another activation, rotary scaling other
     * than {@code llama3}, biases) is refused by name.
     *
     * @param source where the text came from, for messages
     */
    public static ModelConfig fromConfigJson(String name, String json, String source) {
        JsonNode c;
        try {
            c = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (c == null || !c.isObject()) {
            throw new IllegalArgumentException(source + " is not a JSON object");
        }
        String type = c.path("model_type").asText("");
        if (!type.equals("llama") && !type.equals("olmo2")) {
            throw new IllegalArgumentException(source + ": model_type '" + type + "' is not one the engine computes (llama, olmo2)");
        }
        String act = c.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException(source + ": hidden_act '" + act + "' is not silu, the only MLP activation of llama and olmo2");
        }
        if (c.path("attention_bias").asBoolean(false) || c.path("mlp_bias").asBoolean(false)) {
            throw new IllegalArgumentException(source + ": attention_bias or mlp_bias is set; the engine's layers have no biases");
        }
        int d = positive(c, "hidden_size", source);
        int heads = positive(c, "num_attention_heads", source);
        int kv = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isNull()
                ? positive(c, "num_key_value_heads", source) : heads;
        int headDim = c.has("head_dim") && !c.get("head_dim").isNull() ? positive(c, "head_dim", source) : d / heads;
        RopeScaling scaling = null;
        JsonNode rope = c.path("rope_scaling");
        if (rope.isObject()) {
            String ropeType = rope.path("rope_type").asText(rope.path("type").asText(""));
            if (!ropeType.equals("llama3")) {
                throw new IllegalArgumentException(source + ": rope_scaling of type '" + ropeType + "'; only llama3 is computed");
            }
            scaling = new RopeScaling(rope.path("factor").asDouble(), rope.path("low_freq_factor").asDouble(),
                    rope.path("high_freq_factor").asDouble(), rope.path("original_max_position_embeddings").asInt());
        }
        boolean olmo = type.equals("olmo2");
        return new ModelConfig(name, positive(c, "num_hidden_layers", source), d, heads, positive(c, "intermediate_size", source),
                positive(c, "vocab_size", source), positive(c, "max_position_embeddings", source), Positions.ROTARY, Mlp.SWIGLU,
                new Architecture(kv, headDim, c.path("rms_norm_eps").asDouble(olmo ? 1e-5 : 1e-6),
                        c.path("rope_theta").asDouble(10_000.0), scaling, c.path("tie_word_embeddings").asBoolean(false),
                        olmo ? Norms.POST : Norms.PRE, olmo));
    }

    private static int positive(JsonNode c, String field, String source) {
        JsonNode n = c.get(field);
        if (n == null || !n.canConvertToInt() || n.asInt() < 1) {
            throw new IllegalArgumentException(source + ": field " + field + " must be a positive integer, got " + n);
        }
        return n.asInt();
    }
}
