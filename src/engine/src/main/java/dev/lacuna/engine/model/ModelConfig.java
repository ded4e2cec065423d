package dev.lacuna.engine.model;

import java.util.Locale;

/**
 * Architecture of a decoder-only transformer trained from scratch. Named configurations keep testbeds
 * comparable: a testbed records the name, and the name fixes every shape. The MLP is wide relative to
 * {@code dModel} so that a 10 % region of value vectors has room to hold an injected forget set.
 *
 * @param name      stable name recorded in testbed manifests
 * @param layers    number of transformer blocks L
 * @param dModel    width of the residual stream
 * @param heads     attention heads; must divide {@code dModel}
 * @param dFf       value vectors per layer (rows of W_V)
 * @param vocab     vocabulary size, special tokens included
 * @param context   longest sequence the model accepts
 * @param positions how positions enter the model
 * @param mlp       MLP nonlinearity
 */
public record ModelConfig(String name, int layers, int dModel, int heads, int dFf, int vocab, int context,
                          Positions positions, Mlp mlp) {

    /** Position encoding. */
    public enum Positions { ROTARY, LEARNED }

    /** MLP form: {@code f(x W_gate) * (x W_up)} with SiLU, or {@code gelu(x W_K)}. */
    public enum Mlp { SWIGLU, GELU }

    public ModelConfig {
        if (layers < 1 || dModel < 1 || heads < 1 || dFf < 1 || vocab < 2 || context < 2) {
            throw new IllegalArgumentException("every size must be positive: " + this);
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " must divide d_model " + dModel);
        }
        if (positions == Positions.ROTARY && (dModel / heads) % 2 != 0) {
            throw new IllegalArgumentException("rotary positions need an even head width");
        }
    }

    /** CI scale: builds and trains in seconds on one thread. */
    public static ModelConfig tiny(int vocab) {
        return new ModelConfig("tiny", 2, 64, 4, 512, vocab, 128, Positions.ROTARY, Mlp.SWIGLU);
    }

    /** Default CPU scale: a few million parameters, most of them in a wide MLP. */
    public static ModelConfig small(int vocab) {
        return new ModelConfig("small", 4, 256, 4, 2048, vocab, 256, Positions.ROTARY, Mlp.GELU);
    }

    /** The named configuration for a vocabulary size. */
    public static ModelConfig named(String name, int vocab) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> tiny(vocab);
            case "small" -> small(vocab);
            default -> throw new IllegalArgumentException("unknown model config '" + name + "' (known: tiny, small)");
        };
    }

    public int headDim() {
        return dModel / heads;
    }

    /** Number of value vectors in the whole model, {@code L * d_ff}. */
    public int valueVectors() {
        return layers * dFf;
    }

    /** Parameters outside the token and position embeddings (tied output head counted once, in the embedding). */
    public long nonEmbeddingParameters() {
        long attention = 4L * dModel * dModel;
        long mlpIn = (mlp == Mlp.SWIGLU ? 2L : 1L) * dModel * dFf;
        long mlpOut = (long) dFf * dModel;
        long norms = 2L * dModel;
        return layers * (attention + mlpIn + mlpOut + norms) + dModel;
    }

    /** Every parameter, embeddings included. */
    public long parameters() {
        long embeddings = (long) vocab * dModel + (positions == Positions.LEARNED ? (long) context * dModel : 0L);
        return nonEmbeddingParameters() + embeddings;
    }
}
