package dev.lacuna.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.engine.model.ModelConfig;
import org.junit.jupiter.api.Test;

class HfConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields of Llama 3.2 1B's config.json that matter here, as its authors wrote them. */
    private static final String LLAMA_3_2_1B = """
            {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
             "bos_token_id": 128000, "eos_token_id": 128001, "head_dim": 64, "hidden_act": "silu",
             "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 8192,
             "max_position_embeddings": 131072, "mlp_bias": false, "model_type": "llama",
             "num_attention_heads": 32, "num_hidden_layers": 16, "num_key_value_heads": 8, "pretraining_tp": 1,
             "rms_norm_eps": 1e-05, "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
             "original_max_position_embeddings": 8192, "rope_type": "llama3"}, "rope_theta": 500000.0,
             "tie_word_embeddings": true, "torch_dtype": "bfloat16", "use_cache": true, "vocab_size": 128256}
            """;

    /** OLMo-2 1B's, which has neither head_dim nor mlp_bias. */
    private static final String OLMO_2_1B = """
            {"architectures": ["Olmo2ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
             "hidden_act": "silu", "hidden_size": 2048, "intermediate_size": 8192, "max_position_embeddings": 4096,
             "model_type": "olmo2", "num_attention_heads": 16, "num_hidden_layers": 16, "num_key_value_heads": 16,
             "rms_norm_eps": 1e-06, "rope_scaling": null, "rope_theta": 500000, "tie_word_embeddings": false,
             "vocab_size": 100352}
            """;

    @Test
    void readsLlamaWithGroupedQueriesAndLlama3Scaling() {
        HfConfig c = HfConfig.parse(LLAMA_3_2_1B);
        assertThat(c.family()).isEqualTo(HfConfig.Family.LLAMA);
        assertThat(c).extracting(HfConfig::hiddenSize, HfConfig::intermediateSize, HfConfig::layers, HfConfig::heads,
                HfConfig::kvHeads, HfConfig::headDim, HfConfig::vocab, HfConfig::maxPositions)
                .containsExactly(2048, 8192, 16, 32, 8, 64, 128256, 131072);
        assertThat(c.rmsNormEps()).isEqualTo(1e-5);
        assertThat(c.ropeTheta()).isEqualTo(500_000.0);
        assertThat(c.ropeScaling()).isEqualTo(new ModelConfig.RopeScaling(32, 1, 4, 8192));
        assertThat(c.tiedEmbeddings()).isTrue();

        ModelConfig m = c.modelConfig("llama-x", 512);
        assertThat(m.context()).isEqualTo(512);
        assertThat(m.positions()).isEqualTo(ModelConfig.Positions.ROTARY);
        assertThat(m.mlp()).isEqualTo(ModelConfig.Mlp.SWIGLU);
        assertThat(m.arch()).isEqualTo(new ModelConfig.Architecture(8, 64, 1e-5, 500_000.0,
                new ModelConfig.RopeScaling(32, 1, 4, 8192), true, ModelConfig.Norms.PRE, false));
    }

    @Test
    void readsOlmo2WithPostNormsAndQueryKeyNorms() {
        HfConfig c = HfConfig.parse(OLMO_2_1B);
        assertThat(c.family()).isEqualTo(HfConfig.Family.OLMO2);
        assertThat(c.headDim()).isEqualTo(128);
        assertThat(c.ropeScaling()).isNull();
        ModelConfig m = c.modelConfig("olmo2-x", Integer.MAX_VALUE);
        assertThat(m.context()).isEqualTo(4096);
        assertThat(m.arch()).isEqualTo(new ModelConfig.Architecture(16, 128, 1e-6, 500_000.0, null, false,
                ModelConfig.Norms.POST, true));
    }

    @Test
    void absentOptionalFieldsTakeTheHuggingFaceDefaults() throws Exception {
        for (String family : new String[] {"LlamaForCausalLM", "Olmo2ForCausalLM"}) {
            ObjectNode node = JSON.createObjectNode();
            node.putArray("architectures").add(family);
            node.put("hidden_size", 64).put("intermediate_size", 160).put("num_hidden_layers", 2)
                    .put("num_attention_heads", 4).put("vocab_size", 97).put("max_position_embeddings", 32);
            HfConfig c = HfConfig.parse(node.toString());
            assertThat(c.kvHeads()).isEqualTo(4);
            assertThat(c.headDim()).isEqualTo(16);
            assertThat(c.rmsNormEps()).isEqualTo(family.startsWith("Llama") ? 1e-6 : 1e-5);
            assertThat(c.ropeTheta()).isEqualTo(10_000.0);
            assertThat(c.ropeScaling()).isNull();
            assertThat(c.tiedEmbeddings()).isFalse();
        }
    }

    @Test
    void writtenConfigsReadBackEqual() {
        HfConfig c = HfConfig.of(HfConfig.Family.LLAMA, 64, 160, 2, 4, 2, 97, 32, false)
                .withRope(500.0, new ModelConfig.RopeScaling(8, 1, 4, 64)).withEps(1e-5);
        assertThat(HfConfig.parse(c.toJson())).isEqualTo(c);
        HfConfig o = HfConfig.of(HfConfig.Family.OLMO2, 64, 160, 2, 4, 4, 97, 32, true);
        assertThat(HfConfig.parse(o.toJson())).isEqualTo(o);
    }

    @Test
    void transformers5RopeParametersAreRead() throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(LLAMA_3_2_1B);
        node.remove("rope_scaling");
        node.remove("rope_theta");
        node.putObject("rope_parameters").put("rope_type", "llama3").put("rope_theta", 250_000.0).put("factor", 8.0)
                .put("low_freq_factor", 1.0).put("high_freq_factor", 4.0).put("original_max_position_embeddings", 8192);
        HfConfig c = HfConfig.parse(node.toString());
        assertThat(c.ropeTheta()).isEqualTo(250_000.0);
        assertThat(c.ropeScaling()).isEqualTo(new ModelConfig.RopeScaling(8, 1, 4, 8192));
    }

    @Test
    void whatTheEngineWouldComputeDifferentlyIsRefusedByName() throws Exception {
        assertRefused(LLAMA_3_2_1B.replace("LlamaForCausalLM", "MistralForCausalLM"), "MistralForCausalLM");
        assertRefused(LLAMA_3_2_1B.replace("\"llama3\"", "\"yarn\""), "rope_scaling type 'yarn'");
        assertRefused(LLAMA_3_2_1B.replace("\"hidden_act\": \"silu\"", "\"hidden_act\": \"gelu\""), "hidden_act 'gelu'");
        assertRefused(LLAMA_3_2_1B.replace("\"attention_bias\": false", "\"attention_bias\": true"), "attention_bias");
        assertRefused(LLAMA_3_2_1B.replace("\"mlp_bias\": false", "\"mlp_bias\": true"), "mlp_bias");
        assertRefused(LLAMA_3_2_1B.replace("\"hidden_size\": 2048,", ""), "hidden_size");
        assertRefused(LLAMA_3_2_1B.replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 5"),
                "num_key_value_heads 5");
        assertRefused(LLAMA_3_2_1B.replace("\"low_freq_factor\": 1.0,", ""), "rope_scaling.low_freq_factor");
        assertRefused(LLAMA_3_2_1B.replace("[\"LlamaForCausalLM\"]", "[\"LlamaForCausalLM\", \"X\"]"), "architectures");
        assertRefused("[1]", "config.json");
    }

    private static void assertRefused(String json, String named) {
        assertThatThrownBy(() -> HfConfig.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named).hasMessageContaining("config.json");
    }
}
