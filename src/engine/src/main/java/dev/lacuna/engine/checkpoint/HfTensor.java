package dev.lacuna.engine.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One tensor of a Hugging Face checkpoint and the engine parameter it becomes. PyTorch stores an {@code nn.Linear}
 * weight as {@code out x in} and computes {@code x W^T}; the engine stores {@code in x out} and computes
 * {@code x W}, so every Linear weight is transposed on the way in, and a value vector (row {@code i} of the
 * engine's {@code w_v}) is column {@code i} of {@code down_proj.weight}. Embeddings and norm gains keep their layout.
 *
 * @param hfName     the name in the safetensors files
 * @param engineName the name in {@link dev.lacuna.engine.model.Transformer#shapes}
 * @param hfShape    the shape in the safetensors files
 * @param transposed whether the engine holds the transpose (Linear weights)
 */
public record HfTensor(String hfName, String engineName, long[] hfShape, boolean transposed) {

    public HfTensor {
        hfShape = hfShape.clone();
    }

    @Override
    public long[] hfShape() {
        return hfShape.clone();
    }

    /** Values in the tensor. */
    public long size() {
        long n = 1;
        for (long dim : hfShape) {
            n *= dim;
        }
        return n;
    }

    /**
     * Every tensor a checkpoint of {@code config} holds, in the order of the engine's parameters: what a loader must
     * find, nothing more and nothing less.
     */
    public static List<HfTensor> layout(HfConfig config) {
        long d = config.hiddenSize();
        long q = (long) config.heads() * config.headDim();
        long kv = (long) config.kvHeads() * config.headDim();
        long ff = config.intermediateSize();
        boolean olmo = config.family() == HfConfig.Family.OLMO2;
        List<HfTensor> out = new ArrayList<>();
        out.add(new HfTensor("model.embed_tokens.weight", "embed", new long[] {config.vocab(), d}, false));
        for (int l = 0; l < config.layers(); l++) {
            String hf = "model.layers." + l + ".";
            String e = "layers." + l + ".";
            if (!olmo) {
                out.add(vector(hf + "input_layernorm.weight", e + "attn_norm", d));
            }
            out.add(linear(hf + "self_attn.q_proj.weight", e + "wq", q, d));
            out.add(linear(hf + "self_attn.k_proj.weight", e + "wk", kv, d));
            out.add(linear(hf + "self_attn.v_proj.weight", e + "wv", kv, d));
            out.add(linear(hf + "self_attn.o_proj.weight", e + "wo", d, q));
            if (olmo) {
                out.add(vector(hf + "self_attn.q_norm.weight", e + "q_norm", q));
                out.add(vector(hf + "self_attn.k_norm.weight", e + "k_norm", kv));
                out.add(vector(hf + "post_attention_layernorm.weight", e + "attn_post_norm", d));
            } else {
                out.add(vector(hf + "post_attention_layernorm.weight", e + "mlp_norm", d));
            }
            out.add(linear(hf + "mlp.gate_proj.weight", e + "w_gate", ff, d));
            out.add(linear(hf + "mlp.up_proj.weight", e + "w_up", ff, d));
            out.add(linear(hf + "mlp.down_proj.weight", e + "w_v", d, ff));
            if (olmo) {
                out.add(vector(hf + "post_feedforward_layernorm.weight", e + "mlp_post_norm", d));
            }
        }
        out.add(vector("model.norm.weight", "final_norm", d));
        if (!config.tiedEmbeddings()) {
            out.add(new HfTensor("lm_head.weight", "lm_head", new long[] {config.vocab(), d}, false));
        }
        return Collections.unmodifiableList(out);
    }

    private static HfTensor linear(String hf, String engine, long out, long in) {
        return new HfTensor(hf, engine, new long[] {out, in}, true);
    }

    private static HfTensor vector(String hf, String engine, long size) {
        return new HfTensor(hf, engine, new long[] {size}, false);
    }

    /** The engine's layout of {@code values} (this tensor's, row-major in the file's shape). */
    public float[] toEngine(float[] values) {
        return transposed ? transpose(values, (int) hfShape[0], (int) hfShape[1]) : values;
    }

    /** The file's layout of an engine weight: what {@link #toEngine} reads back to {@code values}. */
    public float[] toFile(float[] values) {
        return transposed ? transpose(values, (int) hfShape[1], (int) hfShape[0]) : values;
    }

    /** The transpose of a row-major {@code rows x cols} matrix. */
    private static float[] transpose(float[] values, int rows, int cols) {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[base + c];
            }
        }
        return out;
    }
}
