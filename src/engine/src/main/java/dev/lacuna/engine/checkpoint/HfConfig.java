package dev.lacuna.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.engine.model.ModelConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a Hugging Face {@code config.json} says about a Llama or OLMo-2 model, reduced to what the engine computes.
 * Parsing is strict because a field the engine would ignore changes the model's math: biases, another activation,
 * another rotary scaling are refused by name instead of being loaded into a model that computes something else.
 * Optional fields take the defaults of the Hugging Face configuration classes, so a checkpoint means here what it
 * means there.
 *
 * @param family           which architecture ({@code architectures[0]})
 * @param hiddenSize       {@code hidden_size}: the residual width
 * @param intermediateSize {@code intermediate_size}: value vectors per layer
 * @param layers           {@code num_hidden_layers}
 * @param heads            {@code num_attention_heads}
 * @param kvHeads          {@code num_key_value_heads} (default: {@code heads})
 * @param headDim          {@code head_dim} (default: {@code hidden_size / heads})
 * @param rmsNormEps       {@code rms_norm_eps} (default 1e-6 for Llama, 1e-5 for OLMo-2)
 * @param ropeTheta        {@code rope_theta} (default 10,000)
 * @param ropeScaling      {@code rope_scaling} of type llama3, or null
 * @param tiedEmbeddings   {@code tie_word_embeddings} (default false)
 * @param vocab            {@code vocab_size}
 * @param maxPositions     {@code max_position_embeddings}
 */
public record HfConfig(Family family, int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads,
                       int headDim, double rmsNormEps, double ropeTheta, ModelConfig.RopeScaling ropeScaling,
                       boolean tiedEmbeddings, int vocab, int maxPositions) {

    /** The architectures the engine computes exactly. */
    public enum Family {
        LLAMA("LlamaForCausalLM", "llama", 1e-6),
        OLMO2("Olmo2ForCausalLM", "olmo2", 1e-5);

        private final String architecture;
        private final String modelType;
        private final double defaultEps;

        Family(String architecture, String modelType, double defaultEps) {
            this.architecture = architecture;
            this.modelType = modelType;
            this.defaultEps = defaultEps;
        }

        /** The class name in {@code config.json}'s {@code architectures}. */
        public String architecture() {
            return architecture;
        }

        /** {@code model_type}, also the prefix of engine configuration names. */
        public String modelType() {
            return modelType;
        }

        static Family of(String architecture) {
            for (Family f : values()) {
                if (f.architecture.equals(architecture)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("config.json: unsupported architecture " + architecture
                    + " (supported: " + Arrays.stream(values()).map(Family::architecture).toList() + ")");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public HfConfig {
        if (family == null || hiddenSize < 1 || intermediateSize < 1 || layers < 1 || heads < 1 || kvHeads < 1
                || headDim < 1 || vocab < 2 || maxPositions < 2 || !(rmsNormEps > 0) || !(ropeTheta > 0)) {
            throw new IllegalArgumentException("config.json: sizes must be positive: hidden " + hiddenSize
                    + ", intermediate " + intermediateSize + ", layers " + layers + ", heads " + heads + "/" + kvHeads
                    + ", head_dim " + headDim + ", vocab " + vocab + ", positions " + maxPositions + ", eps "
                    + rmsNormEps + ", theta " + ropeTheta);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("config.json: num_key_value_heads " + kvHeads
                    + " must divide num_attention_heads " + heads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("config.json: head_dim " + headDim + " must be even for rotary positions");
        }
    }

    /** A config with the default head width, {@code hidden / heads}, and no rotary scaling. */
    public static HfConfig of(Family family, int hidden, int intermediate, int layers, int heads, int kvHeads,
                              int vocab, int maxPositions, boolean tied) {
        return new HfConfig(family, hidden, intermediate, layers, heads, kvHeads, hidden / heads, family.defaultEps,
                10_000.0, null, tied, vocab, maxPositions);
    }

    /** This config with rotary base and Llama 3 scaling replaced. */
    public HfConfig withRope(double theta, ModelConfig.RopeScaling scaling) {
        return new HfConfig(family, hiddenSize, intermediateSize, layers, heads, kvHeads, headDim, rmsNormEps, theta,
                scaling, tiedEmbeddings, vocab, maxPositions);
    }

    /** This config with another norm epsilon. */
    public HfConfig withEps(double eps) {
        return new HfConfig(family, hiddenSize, intermediateSize, layers, heads, kvHeads, headDim, eps, ropeTheta,
                ropeScaling, tiedEmbeddings, vocab, maxPositions);
    }

    /** The text of a {@code config.json}. */
    public static HfConfig parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("config.json is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config.json is not a JSON object");
        }
        JsonNode architectures = root.path("architectures");
        if (!architectures.isArray() || architectures.size() != 1 || !architectures.get(0).isTextual()) {
            throw new IllegalArgumentException("config.json: field architectures must list exactly one class name, got "
                    + architectures);
        }
        Family family = Family.of(architectures.get(0).asText());
        String act = text(root, "hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("config.json: hidden_act '" + act + "' is not supported (only silu)");
        }
        for (String bias : new String[] {"attention_bias", "mlp_bias"}) {
            JsonNode b = root.path(bias);
            if (!b.isMissingNode() && !b.isNull() && (!b.isBoolean() || b.booleanValue())) {
                throw new IllegalArgumentException("config.json: " + bias + " is " + b + "; only false is supported");
            }
        }
        int hidden = positive(root, "hidden_size");
        int heads = positive(root, "num_attention_heads");
        int kvHeads = present(root, "num_key_value_heads") ? positive(root, "num_key_value_heads") : heads;
        int headDim;
        if (present(root, "head_dim")) {
            headDim = positive(root, "head_dim");
        } else if (hidden % heads == 0) {
            headDim = hidden / heads;
        } else {
            throw new IllegalArgumentException("config.json: head_dim is absent and num_attention_heads " + heads
                    + " does not divide hidden_size " + hidden);
        }
        double eps = present(root, "rms_norm_eps") ? number(root, "rms_norm_eps") : family.defaultEps;
        // Transformers 5 moved the rotary fields into rope_parameters; older files keep rope_theta and rope_scaling.
        JsonNode rope = root.path("rope_parameters");
        boolean newStyle = rope.isObject();
        JsonNode thetaHolder = newStyle && present(rope, "rope_theta") ? rope : root;
        double theta = present(thetaHolder, "rope_theta") ? number(thetaHolder, "rope_theta") : 10_000.0;
        ModelConfig.RopeScaling scaling = scaling(newStyle ? rope : root.path("rope_scaling"),
                newStyle ? "rope_parameters" : "rope_scaling");
        JsonNode tied = root.path("tie_word_embeddings");
        if (!tied.isMissingNode() && !tied.isNull() && !tied.isBoolean()) {
            throw new IllegalArgumentException("config.json: tie_word_embeddings must be true or false, got " + tied);
        }
        return new HfConfig(family, hidden, positive(root, "intermediate_size"), positive(root, "num_hidden_layers"),
                heads, kvHeads, headDim, eps, theta, scaling, tied.asBoolean(false), positive(root, "vocab_size"),
                positive(root, "max_position_embeddings"));
    }

    private static ModelConfig.RopeScaling scaling(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("config.json: " + field + " must be an object or null, got " + node);
        }
        String type = node.hasNonNull("rope_type") ? node.path("rope_type").asText() : node.path("type").asText("default");
        return switch (type) {
            case "default" -> null;
            case "llama3" -> {
                double factor = number(node, "factor", field);
                double low = number(node, "low_freq_factor", field);
                double high = number(node, "high_freq_factor", field);
                double original = number(node, "original_max_position_embeddings", field);
                try {
                    yield new ModelConfig.RopeScaling(factor, low, high, (int) original);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("config.json: " + field + ": " + e.getMessage(), e);
                }
            }
            default -> throw new IllegalArgumentException("config.json: " + field + " type '" + type
                    + "' is not supported (supported: llama3, default)");
        };
    }

    /** The engine configuration: rotary, SwiGLU, this family's norms; context capped at {@code maxContext}. */
    public ModelConfig modelConfig(String name, int maxContext) {
        ModelConfig.Architecture arch = new ModelConfig.Architecture(kvHeads, headDim, rmsNormEps, ropeTheta, ropeScaling,
                tiedEmbeddings, family == Family.OLMO2 ? ModelConfig.Norms.POST : ModelConfig.Norms.PRE,
                family == Family.OLMO2);
        return new ModelConfig(name, layers, hiddenSize, heads, intermediateSize, vocab,
                Math.min(maxPositions, maxContext), ModelConfig.Positions.ROTARY, ModelConfig.Mlp.SWIGLU, arch);
    }

    /** This config as Hugging Face writes it (what {@link #parse} reads back to an equal record). */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add(family.architecture());
        root.put("model_type", family.modelType());
        root.put("hidden_size", hiddenSize);
        root.put("intermediate_size", intermediateSize);
        root.put("num_hidden_layers", layers);
        root.put("num_attention_heads", heads);
        root.put("num_key_value_heads", kvHeads);
        root.put("head_dim", headDim);
        root.put("hidden_act", "silu");
        root.put("attention_bias", false);
        if (family == Family.LLAMA) {
            root.put("mlp_bias", false);
        }
        root.put("rms_norm_eps", rmsNormEps);
        root.put("rope_theta", ropeTheta);
        if (ropeScaling == null) {
            root.putNull("rope_scaling");
        } else {
            ObjectNode s = root.putObject("rope_scaling");
            s.put("rope_type", "llama3");
            s.put("factor", ropeScaling.factor());
            s.put("low_freq_factor", ropeScaling.lowFreqFactor());
            s.put("high_freq_factor", ropeScaling.highFreqFactor());
            s.put("original_max_position_embeddings", ropeScaling.originalContext());
        }
        root.put("tie_word_embeddings", tiedEmbeddings);
        root.put("vocab_size", vocab);
        root.put("max_position_embeddings", maxPositions);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean present(JsonNode node, String field) {
        return node.hasNonNull(field);
    }

    private static String text(JsonNode root, String field, String absent) {
        JsonNode n = root.path(field);
        return n.isMissingNode() || n.isNull() ? absent : n.asText();
    }

    private static int positive(JsonNode root, String field) {
        JsonNode n = root.path(field);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1) {
            throw new IllegalArgumentException("config.json: " + field + " must be a positive integer, got "
                    + (n.isMissingNode() ? "nothing" : n.toString()));
        }
        return n.intValue();
    }

    private static double number(JsonNode root, String field) {
        return number(root, field, null);
    }

    private static double number(JsonNode root, String field, String parent) {
        JsonNode n = root.path(field);
        if (!n.isNumber() || !(n.doubleValue() > 0)) {
            throw new IllegalArgumentException("config.json: " + (parent == null ? "" : parent + ".") + field
                    + " must be a positive number, got " + (n.isMissingNode() ? "nothing" : n.toString()));
        }
        return n.doubleValue();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(hidden %d, intermediate %d, layers %d, heads %d/%d kv, head_dim %d, "
                        + "eps %s, theta %s, scaling %s, tied %s, vocab %d, positions %d)", family.architecture(), hiddenSize,
                intermediateSize, layers, heads, kvHeads, headDim, rmsNormEps, ropeTheta, ropeScaling, tiedEmbeddings,
                vocab, maxPositions);
    }
}
