package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.testbed.Testbed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code model.json}: models trained from scratch keep the bytes their testbeds were hashed with, checkpoint
 * architectures write what they add, and both read back as the configuration written.
 */
class ModelJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aModelTrainedFromScratchWritesTheNineKeysItAlwaysHad() throws Exception {
        assertThat(new String(JSON.writeValueAsBytes(Testbed.modelJson(ModelConfig.tiny(100))), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"tiny\",\"layers\":2,\"d_model\":64,\"heads\":4,\"d_ff\":512,\"vocab\":100,"
                        + "\"context\":128,\"positions\":\"rotary\",\"mlp\":\"swiglu\"}");
        assertThat(new String(JSON.writeValueAsBytes(Testbed.modelJson(ModelConfig.small(4096))), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"small\",\"layers\":4,\"d_model\":256,\"heads\":4,\"d_ff\":2048,\"vocab\":4096,"
                        + "\"context\":256,\"positions\":\"rotary\",\"mlp\":\"gelu\"}");
    }

    @Test
    void everyArchitectureReadsBackAsWritten() throws Exception {
        for (ModelConfig config : List.of(ModelConfig.tiny(100), ModelConfig.small(4096), CheckpointLikeModels.LLAMA,
                CheckpointLikeModels.OLMO)) {
            byte[] bytes = JSON.writeValueAsBytes(Testbed.modelJson(config));
            assertThat(Testbed.modelFromJson(JSON.readTree(bytes))).as(config.name()).isEqualTo(config);
        }
    }

    @Test
    void aCheckpointArchitectureWritesWhatItAdds() throws Exception {
        String llama = JSON.writeValueAsString(Testbed.modelJson(CheckpointLikeModels.LLAMA));
        assertThat(llama).endsWith("\"mlp\":\"swiglu\",\"kv_heads\":2,\"head_dim\":16,\"norm_eps\":1.0E-5,"
                + "\"rope_theta\":500000.0,\"rope_scaling\":{\"factor\":8.0,\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,"
                + "\"original_max_position_embeddings\":64},\"tied_embeddings\":false,\"norms\":\"pre\",\"qk_norm\":false}");
        String olmo = JSON.writeValueAsString(Testbed.modelJson(CheckpointLikeModels.OLMO));
        assertThat(olmo).doesNotContain("rope_scaling").contains("\"norms\":\"post\",\"qk_norm\":true");
    }

    @Test
    void absentArchitectureKeysAreThoseOfModelsTrainedFromScratch() throws Exception {
        ModelConfig read = Testbed.modelFromJson(JSON.readTree("{\"name\":\"gqa\",\"layers\":2,\"d_model\":64,\"heads\":4,"
                + "\"d_ff\":128,\"vocab\":50,\"context\":32,\"positions\":\"rotary\",\"mlp\":\"swiglu\",\"kv_heads\":2}"));
        assertThat(read.arch()).isEqualTo(new ModelConfig.Architecture(2, 16, 1e-6, 10_000.0, null, true,
                ModelConfig.Norms.PRE, false));
    }

    @Test
    void badArchitectureValuesAreRefusedByName() {
        String base = "{\"name\":\"x\",\"layers\":2,\"d_model\":64,\"heads\":4,\"d_ff\":128,\"vocab\":50,\"context\":32,"
                + "\"positions\":\"rotary\",\"mlp\":\"swiglu\",";
        assertThatThrownBy(() -> Testbed.modelFromJson(JSON.readTree(base + "\"norms\":\"sandwich\"}")))
                .hasMessageContaining("norms").hasMessageContaining("sandwich");
        assertThatThrownBy(() -> Testbed.modelFromJson(JSON.readTree(base + "\"rope_scaling\":{\"factor\":8}}")))
                .hasMessageContaining("rope_scaling.low_freq_factor");
    }
}
