package dev.lacuna.engine.model;

import java.util.Locale;

/**
 * Architecture of a decoder-only transformer: one trained from scratch, or a pretrained checkpoint's (Llama,
 * OLMo-2). Named configurations keep testbeds comparable: a testbed records the name, and for models trained
 * from scratch the name fixes every shape. Their MLP is wide relative to {@code dModel} so that a 10 % region
 * of value vectors has room to hold an injected forget set. What checkpoints add (grouped-query attention, a
 * head width of their own, norm epsilon, rotary base and scaling, untied output head, OLMo-2's norms after
 * each sublayer and on queries and keys) lives in {@link Architecture}, whose default is what models trained
 * from scratch have always been, so their testbeds keep their bytes.
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
 * @param arch      attention, norm and head details beyond the shapes above
 */
public record ModelConfig(String name, int layers, int dModel, int heads, int dFf, int vocab, int context,
                          Positions positions, Mlp mlp, Architecture arch) {

    /** Position encoding. */
    public enum Positions { ROTARY, LEARNED }

    /** MLP form: {@code f(x W_gate) * (x W_up)} with SiLU, or {@code gelu(x W_K)}. */
    public enum Mlp { SWIGLU, GELU }

    /** Where the RMS norms of a block sit. */
    public enum Norms {
        /** Llama and models trained from scratch: {@code x + f(norm(x))}. */
        PRE,
        /** OLMo-2: {@code x + norm(f(x))}, no norm on a sublayer's input. */
        POST
    }

    /**
     * Llama 3's rotary scaling ({@code rope_scaling.rope_type = "llama3"}): inverse frequencies whose wavelength exceeds
     * {@code originalContext / lowFreqFactor} are divided by {@code factor}, those below {@code originalContext /
     * highFreqFactor} are kept, and the ones between are interpolated smoothly.
     */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalContext) {

        public RopeScaling {
            if (!(factor > 0) || !(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor) || originalContext < 1) {
                throw new IllegalArgumentException("invalid llama3 rope scaling: factor " + factor + ", low " + lowFreqFactor
                        + ", high " + highFreqFactor + ", original context " + originalContext);
            }
        }
    }

    /**
     * Details that pretrained checkpoints set and models trained from scratch fix.
     *
     * @param kvHeads        key/value heads (grouped-query attention); {@code heads} is a multiple of it
     * @param headDim        width of one attention head (checkpoints may set it apart from {@code dModel / heads})
     * @param normEps        epsilon inside every RMS norm
     * @param ropeTheta      rotary base
     * @param ropeScaling    Llama 3 rotary scaling, or null for none
     * @param tiedEmbeddings whether the output head is the token embedding ({@code embed}) or a matrix of its own
     *                       ({@code lm_head}, {@code vocab x d_model})
     * @param norms          where the block norms sit
     * @param qkNorm         whether queries and keys pass an RMS norm over all heads before rotary (OLMo-2)
     */
    public record Architecture(int kvHeads, int headDim, double normEps, double ropeTheta, RopeScaling ropeScaling,
                               boolean tiedEmbeddings, Norms norms, boolean qkNorm) {

        public Architecture {
            if (kvHeads < 1 || headDim < 1 || !(normEps > 0) || !(ropeTheta > 0) || norms == null) {
                throw new IllegalArgumentException("invalid architecture: kv heads " + kvHeads + ", head width " + headDim
                        + ", eps " + normEps + ", rope theta " + ropeTheta + ", norms " + norms);
            }
        }

        /** What every model trained from scratch has: one key/value head per head, eps 1e-6, base 10,000, tied head. */
        public static Architecture scratch(int heads, int headDim) {
            return new Architecture(heads, headDim, 1e-6, 10_000.0, null, true, Norms.PRE, false);
        }
    }

    /** A model trained from scratch: {@link Architecture#scratch} with a head width of {@code dModel / heads}. */
    public ModelConfig(String name, int layers, int dModel, int heads, int dFf, int vocab, int context,
                       Positions positions, Mlp mlp) {
        this(name, layers, dModel, heads, dFf, vocab, context, positions, mlp,
                Architecture.scratch(heads, heads > 0 ? Math.max(1, dModel / heads) : 1));
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " must divide d_model " + dModel);
        }
    }

    public ModelConfig {
        if (layers < 1 || dModel < 1 || heads < 1 || dFf < 1 || vocab < 2 || context < 2 || arch == null) {
            throw new IllegalArgumentException("every size must be positive: " + this);
        }
        if (heads % arch.kvHeads() != 0) {
            throw new IllegalArgumentException("key/value heads " + arch.kvHeads() + " must divide heads " + heads);
        }
        if (positions == Positions.ROTARY && arch.headDim() % 2 != 0) {
            throw new IllegalArgumentException("rotary positions need an even head width");
        }
    }

    /** Whether this is the architecture of a model trained from scratch (what testbeds before checkpoints record). */
    public boolean isScratch() {
        return dModel % heads == 0 && arch.equals(Architecture.scratch(heads, dModel / heads));
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
        return arch.headDim();
    }

    public int kvHeads() {
        return arch.kvHeads();
    }

    /** Number of value vectors in the whole model, {@code L * d_ff}. */
    public int valueVectors() {
        return layers * dFf;
    }

    /**
     * Parameters outside the token and position embeddings and the output head (a tied head is counted once, in the
     * embedding; an untied one with the embeddings).
     */
    public long nonEmbeddingParameters() {
        long q = (long) heads * headDim();
        long kv = (long) kvHeads() * headDim();
        long attention = (long) dModel * q * 2 + (long) dModel * kv * 2;
        long mlpIn = (mlp == Mlp.SWIGLU ? 2L : 1L) * dModel * dFf;
        long mlpOut = (long) dFf * dModel;
        long norms = 2L * dModel + (arch.qkNorm() ? q + kv : 0L);
        return layers * (attention + mlpIn + mlpOut + norms) + dModel;
    }

    /** Every parameter, embeddings (and an untied output head) included. */
    public long parameters() {
        long embeddings = (long) vocab * dModel * (arch.tiedEmbeddings() ? 1 : 2)
                + (positions == Positions.LEARNED ? (long) context * dModel : 0L);
        return nonEmbeddingParameters() + embeddings;
    }
}
