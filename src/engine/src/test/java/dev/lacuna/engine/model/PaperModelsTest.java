package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.checkpoint.HfConfig;
import org.junit.jupiter.api.Test;

class PaperModelsTest {

    /** meta-llama/Llama-3.1-8B's published config.json, the fields the engine reads and a few it does not. */
    static final String LLAMA_CONFIG = """
            {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "hidden_act": "silu", "hidden_size": 4096,
             "intermediate_size": 14336, "max_position_embeddings": 131072, "mlp_bias": false, "model_type": "llama",
             "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05,
             "rope_scaling": {"factor": 8.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                              "original_max_position_embeddings": 8192, "rope_type": "llama3"},
             "rope_theta": 500000.0, "tie_word_embeddings": false, "torch_dtype": "bfloat16", "vocab_size": 128256}
            """;

    @Test
    void parameterCountsAreThoseTheModelCardsState() {
        // 8.03 B, 7.30 B and 1.48 B: untied heads count the vocabulary twice
        assertThat(PaperModels.named("llama-3.1-8b").parameters()).isEqualTo(8_030_261_248L);
        assertThat(PaperModels.named("olmo-2-7b").parameters())
                .isEqualTo(2L * 100_352 * 4096 + 32L * (4L * 4096 * 4096 + 3L * 4096 * 11008 + 4 * 4096) + 4096)
                .isEqualTo(7_298_617_344L);
        assertThat(PaperModels.named("olmo-2-1b").parameters())
                .isEqualTo(2L * 100_352 * 2048 + 16L * (4L * 2048 * 2048 + 3L * 2048 * 8192 + 4 * 2048) + 2048);
    }

    @Test
    void instructNamesHaveTheBaseShapeUnderTheirOwnName() {
        ModelConfig instruct = PaperModels.named("OLMo-2-7b-Instruct");
        assertThat(instruct.name()).isEqualTo("olmo-2-7b-instruct");
        assertThat(instruct.arch()).isEqualTo(PaperModels.named("olmo-2-7b").arch());
        assertThat(instruct.arch().norms()).isEqualTo(ModelConfig.Norms.POST);
        assertThat(instruct.arch().qkNorm()).isTrue();
        assertThatThrownBy(() -> PaperModels.named("llama-2-7b")).hasMessageContaining("llama-2-7b").hasMessageContaining("olmo-2-1b");
    }

    @Test
    void aLlamaConfigJsonGivesTheBuiltInShape() {
        assertThat(HfConfig.parse(LLAMA_CONFIG).modelConfig("llama-3.1-8b", Integer.MAX_VALUE))
                .isEqualTo(PaperModels.named("llama-3.1-8b"));
    }

    @Test
    void anOlmo2ConfigJsonGivesPostNormsAndQkNorm() {
        String olmo = """
                {"architectures": ["Olmo2ForCausalLM"], "model_type": "olmo2", "hidden_size": 2048, "intermediate_size": 8192, "num_hidden_layers": 16,
                 "num_attention_heads": 16, "num_key_value_heads": 16, "vocab_size": 100352, "max_position_embeddings": 4096,
                 "rms_norm_eps": 1e-06, "rope_theta": 500000, "rope_scaling": null, "tie_word_embeddings": false}
                """;
        assertThat(HfConfig.parse(olmo).modelConfig("olmo-2-1b", Integer.MAX_VALUE)).isEqualTo(PaperModels.named("olmo-2-1b"));
    }
}
