package dev.lacuna.engine.training;

import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;

/**
 * Bytes of GPU memory that masked training of a model needs, estimated before anything is loaded, so that a
 * 7-8 B checkpoint is refused on a card it cannot fit rather than dying an hour into a build. It assumes
 * memory-aware masked training: every weight frozen in the compute type, and only the region's value vectors
 * (rows of each layer's {@code w_v}, {@code d_model} floats each) trainable, with a float32 master copy, a float32
 * gradient and AdamW's two float32 moments; activations are checkpointed per layer. {@link #fullFineTune} is the
 * same count with every parameter trainable, which is what stage A of a testbed build (theta_r) costs.
 *
 * <p>Activations, in bytes, with {@code B} sequences of {@code T} tokens, compute type of {@code a} bytes:
 * <pre>
 *   checkpoints  L * B*T * d * a                                  (each layer's input, kept for the backward pass)
 *   one layer    2 * B*T * (s * a + 2 * heads * T * 4)           (a layer recomputed in the backward pass, and the
 *                                                                   gradients of those values)
 *                s = 6 d + 3 heads*hd + 3 kv*hd + m d_ff,  m = 4 for SwiGLU (gate, up, silu, product), 2 for GELU
 *                2 * heads * T float32 per token: attention scores and probabilities (plain attention, no fused kernel)
 *   logits       B*T * vocab * (a + 4 + 4)                          (logits, float32 log-softmax and its gradient)
 * </pre>
 * It ignores the CUDA context and libtorch's workspaces (about 1 GiB), the caching allocator's fragmentation,
 * token ids, masks and rotary tables, a transient full-size gradient of one layer's {@code w_v} where an
 * implementation computes it before taking the region's rows ({@code d_ff * d * 4} bytes), and any second copy of
 * the model (a frozen theta_o kept next to theta_u). Plan for 10-20 % above {@link #totalBytes()}.
 *
 * @param model              the architecture
 * @param regionFraction     p, the region's share of all value vectors (1 with {@link #fullFineTune})
 * @param batch              sequences per step
 * @param sequenceLength     tokens per sequence (padded)
 * @param weights            the frozen weights' and activations' type
 * @param regionRows         trainable value vectors, {@code round(p * L * d_ff)} (every one with {@link #fullFineTune})
 * @param trainableParameters parameters with optimizer state: {@code regionRows * d_model}, or every parameter
 * @param frozenWeightBytes  every parameter in the compute type
 * @param masterBytes        float32 master copy of the trainable parameters
 * @param gradientBytes      their float32 gradients
 * @param adamMBytes         AdamW's first moment, float32
 * @param adamVBytes         AdamW's second moment, float32
 * @param activationBytes    the activation estimate above
 */
public record MemoryPlan(ModelConfig model, double regionFraction, int batch, int sequenceLength, WeightType weights,
                         long regionRows, long trainableParameters, long frozenWeightBytes, long masterBytes,
                         long gradientBytes, long adamMBytes, long adamVBytes, long activationBytes) {

    /** Bytes of one float32: master copy, gradient and optimizer moments are kept in it whatever the weights' type. */
    public static final int FLOAT32_BYTES = 4;

    /** The type frozen weights and activations are held in. */
    public enum WeightType {
        BF16(2, "bfloat16"), FLOAT32(4, "float32");

        private final int bytes;
        private final String label;

        WeightType(int bytes, String label) {
            this.bytes = bytes;
            this.label = label;
        }

        public int bytes() {
            return bytes;
        }

        /** The name PyTorch and DJL give the type. */
        public String label() {
            return label;
        }

        /** {@code bf16}/{@code bfloat16} or {@code fp32}/{@code float32}. */
        public static WeightType parse(String text) {
            return switch (text) {
                case "bf16", "bfloat16" -> BF16;
                case "fp32", "float32" -> FLOAT32;
                default -> throw new IllegalArgumentException("unknown weight type '" + text + "' (known: bf16, fp32)");
            };
        }
    }

    public MemoryPlan {
        if (batch < 1 || sequenceLength < 1) {
            throw new IllegalArgumentException("batch and sequence length must be at least 1, got " + batch + " and " + sequenceLength);
        }
    }

    /** Masked training of the region's value vectors, everything else frozen. */
    public static MemoryPlan of(ModelConfig model, double regionFraction, int batch, int sequenceLength, WeightType weights) {
        if (!(regionFraction > 0 && regionFraction <= 1)) {
            throw new IllegalArgumentException("region fraction must lie in (0, 1], got " + regionFraction);
        }
        long rows = Region.countFor(model.layers(), model.dFf(), regionFraction);
        return plan(model, regionFraction, batch, sequenceLength, weights, rows, rows * model.dModel());
    }

    /** Every parameter trainable: the cost of stage A (theta_r) of a testbed build at the same batch. */
    public static MemoryPlan fullFineTune(ModelConfig model, int batch, int sequenceLength, WeightType weights) {
        return plan(model, 1.0, batch, sequenceLength, weights, model.valueVectors(), model.parameters());
    }

    private static MemoryPlan plan(ModelConfig model, double fraction, int batch, int sequenceLength, WeightType weights,
                                   long rows, long trainable) {
        long state = trainable * FLOAT32_BYTES;
        return new MemoryPlan(model, fraction, batch, sequenceLength, weights, rows, trainable,
                model.parameters() * weights.bytes(), state, state, state, state,
                activationBytes(model, batch, sequenceLength, weights));
    }

    /** The activation estimate of the class comment. */
    public static long activationBytes(ModelConfig m, int batch, int sequenceLength, WeightType weights) {
        long tokens = (long) batch * sequenceLength;
        long a = weights.bytes();
        long checkpoints = m.layers() * tokens * m.dModel() * a;
        long q = (long) m.heads() * m.headDim();
        long kv = (long) m.kvHeads() * m.headDim();
        long perToken = 6L * m.dModel() + 3 * q + 3 * kv + (m.mlp() == ModelConfig.Mlp.SWIGLU ? 4L : 2L) * m.dFf();
        long layer = 2 * tokens * (perToken * a + 2L * m.heads() * sequenceLength * FLOAT32_BYTES);
        long logits = tokens * m.vocab() * (a + 2L * FLOAT32_BYTES);
        return checkpoints + layer + logits;
    }

    /** Everything above. */
    public long totalBytes() {
        return frozenWeightBytes + masterBytes + gradientBytes + adamMBytes + adamVBytes + activationBytes;
    }

    /** Whether {@link #totalBytes()} fits in {@code gpuBytes} with the 15 % margin the estimate asks for. */
    public boolean fits(long gpuBytes) {
        return totalBytes() * 1.15 <= gpuBytes;
    }
}
