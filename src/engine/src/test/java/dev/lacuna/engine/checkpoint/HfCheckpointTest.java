package dev.lacuna.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.SafeTensors;
import dev.lacuna.engine.model.Transformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfCheckpointTest {

    /** Small, but every size distinct where a mix-up would go unnoticed: q 64 wide, k/v 32, MLP 160, vocab 97. */
    static final HfConfig LLAMA = HfConfig.of(HfConfig.Family.LLAMA, 64, 160, 2, 4, 2, 97, 32, false);
    static final HfConfig OLMO2 = HfConfig.of(HfConfig.Family.OLMO2, 64, 160, 2, 4, 2, 97, 32, false);

    @TempDir
    Path dir;

    @Test
    void linearWeightsArriveTransposedAndAValueVectorIsAColumnOfDownProj() throws IOException {
        Map<String, SafeTensors.Tensor> hf = HfCheckpointWriter.randomTensors(LLAMA, 5);
        HfCheckpointWriter.write(dir, LLAMA.toJson(), hf, SafeTensors.DType.F32, 1);
        HfCheckpoint ckpt = HfCheckpoint.read(dir, 16);

        assertThat(ckpt.config().name()).isEqualTo("llama-" + ckpt.sha256().substring(0, 12));
        assertThat(ckpt.config().context()).isEqualTo(16);
        assertThat(List.copyOf(ckpt.weights().keySet()))
                .isEqualTo(List.copyOf(Transformer.shapes(ckpt.config()).keySet()));
        float[] down = hf.get("model.layers.1.mlp.down_proj.weight").values(); // 64 x 160
        float[] wv = ckpt.weights().get("layers.1.w_v"); // 160 x 64: row i is value vector i
        for (int i = 0; i < 160; i++) {
            for (int j = 0; j < 64; j++) {
                assertThat(wv[i * 64 + j]).isEqualTo(down[j * 160 + i]);
            }
        }
        float[] k = hf.get("model.layers.0.self_attn.k_proj.weight").values(); // 32 x 64
        float[] wk = ckpt.weights().get("layers.0.wk"); // 64 x 32
        assertThat(wk[5 * 32 + 31]).isEqualTo(k[31 * 64 + 5]);
        assertThat(ckpt.weights().get("embed")).isEqualTo(hf.get("model.embed_tokens.weight").values());
        assertThat(ckpt.weights().get("lm_head")).isEqualTo(hf.get("lm_head.weight").values());
        assertThat(ckpt.weights().get("layers.0.mlp_norm"))
                .isEqualTo(hf.get("model.layers.0.post_attention_layernorm.weight").values());
    }

    @Test
    void olmo2NormsMapToPostNormsAndQueryKeyNorms() throws IOException {
        Map<String, SafeTensors.Tensor> hf = HfCheckpointWriter.randomTensors(OLMO2, 6);
        HfCheckpointWriter.write(dir, OLMO2.toJson(), hf, SafeTensors.DType.F32, 1);
        HfCheckpoint ckpt = HfCheckpoint.read(dir);
        assertThat(ckpt.config().name()).startsWith("olmo2-");
        assertThat(ckpt.weights()).doesNotContainKeys("layers.0.attn_norm", "layers.0.mlp_norm");
        assertThat(ckpt.weights().get("layers.1.attn_post_norm"))
                .isEqualTo(hf.get("model.layers.1.post_attention_layernorm.weight").values());
        assertThat(ckpt.weights().get("layers.1.mlp_post_norm"))
                .isEqualTo(hf.get("model.layers.1.post_feedforward_layernorm.weight").values());
        assertThat(ckpt.weights().get("layers.0.k_norm")).hasSize(32)
                .isEqualTo(hf.get("model.layers.0.self_attn.k_norm.weight").values());
        assertThat(ckpt.weights().get("layers.0.q_norm")).hasSize(64);
    }

    @Test
    void shardedBfloat16HoldsTheRoundedValuesOfTheSingleFile() throws IOException {
        HfConfig tied = HfConfig.of(HfConfig.Family.LLAMA, 64, 160, 2, 4, 2, 97, 32, true);
        Map<String, SafeTensors.Tensor> hf = HfCheckpointWriter.randomTensors(tied, 7);
        Path single = dir.resolve("single");
        Path sharded = dir.resolve("sharded");
        HfCheckpointWriter.write(single, tied.toJson(), hf, SafeTensors.DType.BF16, 1);
        HfCheckpointWriter.write(sharded, tied.toJson(), hf, SafeTensors.DType.BF16, 3);
        assertThat(sharded.resolve(HfCheckpoint.INDEX)).exists();
        assertThat(sharded.resolve("model-00003-of-00003.safetensors")).exists();
        assertThat(sharded.resolve(HfCheckpoint.SINGLE)).doesNotExist();

        HfCheckpoint a = HfCheckpoint.read(single);
        HfCheckpoint b = HfCheckpoint.read(sharded);
        assertThat(b.weights()).doesNotContainKey("lm_head");
        for (String name : a.weights().keySet()) {
            assertThat(b.weights().get(name)).as(name).isEqualTo(a.weights().get(name));
        }
        float[] written = hf.get("model.layers.0.self_attn.q_proj.weight").values();
        float[] read = a.weights().get("layers.0.wq");
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                float exact = written[r * 64 + c];
                assertThat(read[c * 64 + r]).isEqualTo(SafeTensors.bf16ToFloat(SafeTensors.floatToBf16(exact)));
            }
        }
        assertThat(a.sha256()).isNotEqualTo(b.sha256());
    }

    @Test
    void float16IsReadToo() throws IOException {
        Map<String, SafeTensors.Tensor> hf = HfCheckpointWriter.randomTensors(OLMO2, 8);
        HfCheckpointWriter.write(dir, OLMO2.toJson(), hf, SafeTensors.DType.F16, 2);
        float[] written = hf.get("model.norm.weight").values();
        float[] read = HfCheckpoint.read(dir).weights().get("final_norm");
        for (int i = 0; i < written.length; i++) {
            assertThat(read[i]).isEqualTo(SafeTensors.f16ToFloat(SafeTensors.floatToF16(written[i])));
        }
    }

    @Test
    void theHashIsSha256sumOfConfigAndWeightFilesAndFollowsEveryByte() throws Exception {
        HfCheckpointWriter.writeRandom(dir, LLAMA, 9, SafeTensors.DType.BF16, 2);
        StringBuilder sums = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.equals("config.json") || n.endsWith(".safetensors"))
                    .sorted().forEach(n -> sums.append(sha256(read(dir.resolve(n)))).append("  ").append(n).append('\n'));
        }
        String expected = sha256(sums.toString().getBytes(StandardCharsets.UTF_8));
        HfCheckpoint ckpt = HfCheckpoint.read(dir);
        assertThat(ckpt.sha256()).isEqualTo(expected);
        assertThat(HfCheckpoint.read(dir).sha256()).isEqualTo(expected);

        Path shard = dir.resolve("model-00002-of-00002.safetensors");
        byte[] bytes = read(shard);
        bytes[bytes.length - 1] ^= 1;
        Files.write(shard, bytes);
        assertThat(HfCheckpoint.read(dir).sha256()).isNotEqualTo(expected);
    }

    // Refusals: each names what is wrong.

    @Test
    void aMissingTensorIsNamed() throws IOException {
        Map<String, SafeTensors.Tensor> hf = HfCheckpointWriter.randomTensors(LLAMA, 1);
        hf.remove("model.layers.1.mlp.down_proj.weight");
        HfCheckpointWriter.write(dir, LLAMA.toJson(), hf, SafeTensors.DType.F32, 1);
        assertRefused("checkpoint lacks tensor model.layers.1.mlp.down_proj.weight");
    }

    @Test
    void aTransposedTensorIsNamed() throws IOException {
        for (String name : List.of("model.layers.0.self_attn.k_proj.weight", "model.layers.1.mlp.down_proj.weight")) {
            Map<String, SafeTensors.Tensor> hf = HfCheckpointWriter.randomTensors(LLAMA, 1);
            long[] shape = hf.get(name).shape();
            hf.put(name, new SafeTensors.Tensor(new long[] {shape[1], shape[0]}, hf.get(name).values()));
            Path folder = dir.resolve(name);
            HfCheckpointWriter.write(folder, LLAMA.toJson(), hf, SafeTensors.DType.F32, 1);
            assertThatThrownBy(() -> HfCheckpoint.read(folder)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tensor " + name + " has shape [" + shape[1] + ", " + shape[0] + "]")
                    .hasMessageContaining("transposed");
        }
    }

    @Test
    void aTensorOfAnotherSizeIsNamed() throws IOException {
        Map<String, SafeTensors.Tensor> hf = HfCheckpointWriter.randomTensors(LLAMA, 1);
        hf.put("model.embed_tokens.weight", new SafeTensors.Tensor(new long[] {96, 64}, new float[96 * 64]));
        HfCheckpointWriter.write(dir, LLAMA.toJson(), hf, SafeTensors.DType.F32, 1);
        assertRefused("tensor model.embed_tokens.weight has shape [96, 64], config.json implies [97, 64]");
    }

    @Test
    void anUnexpectedTensorIsNamed() throws IOException {
        Map<String, SafeTensors.Tensor> hf = HfCheckpointWriter.randomTensors(LLAMA, 1);
        hf.put("model.layers.0.self_attn.rotary_emb.inv_freq", new SafeTensors.Tensor(new long[] {8}, new float[8]));
        HfCheckpointWriter.write(dir, LLAMA.toJson(), hf, SafeTensors.DType.F32, 2);
        assertRefused("unexpected tensor model.layers.0.self_attn.rotary_emb.inv_freq");
    }

    @Test
    void aHeadBesideTiedEmbeddingsIsNamedWithTheReason() throws IOException {
        HfConfig tied = HfConfig.of(HfConfig.Family.OLMO2, 64, 160, 2, 4, 2, 97, 32, true);
        HfCheckpointWriter.write(dir, tied.toJson(), HfCheckpointWriter.randomTensors(OLMO2, 1), SafeTensors.DType.F32, 1);
        assertRefused("unexpected tensor lm_head.weight");
        assertRefused("tie_word_embeddings");
    }

    @Test
    void anUnsupportedArchitectureIsNamed() throws IOException {
        HfCheckpointWriter.writeRandom(dir, LLAMA, 1, SafeTensors.DType.F32, 1);
        rewriteConfig(c -> c.replace("LlamaForCausalLM", "Qwen2ForCausalLM"));
        assertRefused("unsupported architecture Qwen2ForCausalLM");
    }

    @Test
    void anUnsupportedRopeTypeIsNamed() throws IOException {
        HfCheckpointWriter.writeRandom(dir, LLAMA.withRope(500, new ModelConfig.RopeScaling(8, 1, 4, 64)), 1,
                SafeTensors.DType.F32, 1);
        rewriteConfig(c -> c.replace("\"llama3\"", "\"dynamic\""));
        assertRefused("rope_scaling type 'dynamic'");
    }

    @Test
    void anUnsupportedDtypeIsNamedWithItsTensor() throws IOException {
        HfCheckpointWriter.writeRandom(dir, LLAMA, 1, SafeTensors.DType.F32, 1);
        Path file = dir.resolve(HfCheckpoint.SINGLE);
        String bytes = new String(read(file), StandardCharsets.ISO_8859_1);
        String entry = "\"model.norm.weight\":{\"dtype\":\"F32\"";
        assertThat(bytes).contains(entry);
        Files.write(file, bytes.replace(entry, entry.replace("F32", "I32")).getBytes(StandardCharsets.ISO_8859_1));
        assertRefused("tensor model.norm.weight in model.safetensors has dtype I32");
    }

    @Test
    void anIndexThatDisagreesWithItsShardsIsRefused() throws IOException {
        HfCheckpointWriter.writeRandom(dir, LLAMA, 1, SafeTensors.DType.BF16, 2);
        Path index = dir.resolve(HfCheckpoint.INDEX);
        String text = Files.readString(index);
        Files.writeString(index, text.replace("\"model.norm.weight\" : \"model-00002-of-00002.safetensors\"",
                "\"model.norm.weight\" : \"model-00001-of-00002.safetensors\""));
        assertRefused("tensor model.norm.weight is in model-00002-of-00002.safetensors but model.safetensors.index.json"
                + " maps it to model-00001-of-00002.safetensors");
        Files.writeString(index, text.replace("model-00002-of-00002", "model-00009-of-00002"));
        assertRefused("model-00009-of-00002.safetensors, which is not in the folder");
    }

    @Test
    void aFolderWithoutWeightsIsRefused() throws IOException {
        Files.writeString(dir.resolve("config.json"), LLAMA.toJson());
        assertRefused("has neither model.safetensors nor model.safetensors.index.json");
    }

    private void assertRefused(String message) {
        assertThatThrownBy(() -> HfCheckpoint.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private void rewriteConfig(java.util.function.UnaryOperator<String> edit) throws IOException {
        Path config = dir.resolve(HfCheckpoint.CONFIG);
        String before = Files.readString(config);
        String after = edit.apply(before);
        assertThat(after).isNotEqualTo(before);
        Files.writeString(config, after);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
