package dev.lacuna.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A decoder-only transformer written directly on DJL NDArrays, so that every weight, in particular each MLP value
 * vector (row {@code i} of layer {@code l}'s {@code W_V}, shape {@code d_ff x d_model}), is a plain tensor that
 * masked training, localizers and model mixing can address. One class runs both the models trained from scratch
 * (pre-norm, tied embeddings, one key/value head per head) and pretrained Llama and OLMo-2 checkpoints (grouped-query
 * attention, Llama 3 rotary scaling, an untied output head, OLMo-2's norms after each sublayer and on queries and
 * keys): what differs is read from {@link ModelConfig#arch()}, so unlearning and localizers see one kind of model.
 * Nothing has a bias. Weights live on the model's own manager; callers run forward passes inside an {@link NDScope}.
 *
 * <p>A block is computed in one place, {@link #blocks}, for whole sequences ({@link #forward}) and for passes that
 * continue cached keys and values ({@link #layers}), so the cached decoder and the shared-prompt scorer cannot drift
 * from the definition they are checked against.
 */
public final class Transformer implements AutoCloseable {

    static final float MASKED = -1e9f;

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;

    private Transformer(ModelConfig config, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.manager = manager;
        this.parameters = parameters;
    }

    /** A freshly initialised model on the CPU. */
    public static Transformer initialize(ModelConfig config, long seed) {
        return initialize(config, seed, Device.cpu());
    }

    /**
     * A freshly initialised model: matrices N(0, 0.02), output projections of residual branches scaled by
     * {@code 1/sqrt(2L)}, norm gains 1. Values come from a Java generator seeded per parameter name, so
     * they do not depend on the device or the native library.
     */
    public static Transformer initialize(ModelConfig config, long seed, Device device) {
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes(config).entrySet()) {
            String name = e.getKey();
            Shape shape = e.getValue();
            float[] values = new float[(int) shape.size()];
            if (name.endsWith("norm")) {
                Arrays.fill(values, 1f);
            } else {
                double std = 0.02;
                if (name.endsWith(".wo") || name.endsWith(".w_v")) {
                    std /= Math.sqrt(2.0 * config.layers());
                }
                SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * std);
                }
            }
            params.put(name, NativeArrays.of(manager, values, shape));
        }
        return new Transformer(config, manager, params);
    }

    /** A model holding the given weights; names and shapes must match the configuration exactly. */
    public static Transformer fromWeights(ModelConfig config, Map<String, float[]> weights, Device device) {
        Map<String, Shape> expected = shapes(config);
        if (!expected.keySet().equals(weights.keySet())) {
            throw new IllegalArgumentException("weights do not match config " + config.name() + ": expected "
                    + expected.keySet() + " but got " + weights.keySet());
        }
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            float[] values = weights.get(e.getKey());
            if (values.length != e.getValue().size()) {
                manager.close();
                throw new IllegalArgumentException("weight " + e.getKey() + " has " + values.length
                        + " values, expected " + e.getValue());
            }
            params.put(e.getKey(), NativeArrays.of(manager, values, e.getValue()));
        }
        return new Transformer(config, manager, params);
    }

    /**
     * Parameter names and shapes, in a fixed order. Matrices are stored {@code in x out} (the transpose of a PyTorch
     * {@code nn.Linear} weight); the output head {@code lm_head}, present only when embeddings are untied, is stored
     * {@code vocab x d_model} like {@code embed}. Norm gains exist where the architecture puts a norm: before each
     * sublayer (PRE) or after it (POST), on the whole query and key projections (qkNorm), and at the end.
     */
    public static Map<String, Shape> shapes(ModelConfig c) {
        int d = c.dModel();
        int q = c.heads() * c.headDim();
        int kv = c.kvHeads() * c.headDim();
        boolean pre = c.arch().norms() == ModelConfig.Norms.PRE;
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("embed", new Shape(c.vocab(), d));
        if (c.positions() == ModelConfig.Positions.LEARNED) {
            s.put("positions", new Shape(c.context(), d));
        }
        for (int l = 0; l < c.layers(); l++) {
            String p = "layers." + l;
            if (pre) {
                s.put(p + ".attn_norm", new Shape(d));
            }
            s.put(p + ".wq", new Shape(d, q));
            s.put(p + ".wk", new Shape(d, kv));
            s.put(p + ".wv", new Shape(d, kv));
            s.put(p + ".wo", new Shape(q, d));
            if (c.arch().qkNorm()) {
                s.put(p + ".q_norm", new Shape(q));
                s.put(p + ".k_norm", new Shape(kv));
            }
            if (!pre) {
                s.put(p + ".attn_post_norm", new Shape(d));
            } else {
                s.put(p + ".mlp_norm", new Shape(d));
            }
            if (c.mlp() == ModelConfig.Mlp.SWIGLU) {
                s.put(p + ".w_gate", new Shape(d, c.dFf()));
                s.put(p + ".w_up", new Shape(d, c.dFf()));
            } else {
                s.put(p + ".w_k", new Shape(d, c.dFf()));
            }
            s.put(p + ".w_v", new Shape(c.dFf(), d));
            if (!pre) {
                s.put(p + ".mlp_post_norm", new Shape(d));
            }
        }
        s.put("final_norm", new Shape(d));
        if (!c.arch().tiedEmbeddings()) {
            s.put("lm_head", new Shape(c.vocab(), d));
        }
        return s;
    }

    /** Name of layer {@code layer}'s value matrix W_V ({@code d_ff x d_model}, one value vector per row). */
    public static String valueMatrixName(int layer) {
        return "layers." + layer + ".w_v";
    }

    public ModelConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    /** Parameters by name in a fixed order; the arrays are live and owned by this model. */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    public NDArray parameter(String name) {
        NDArray p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }

    public NDArray valueMatrix(int layer) {
        return parameter(valueMatrixName(layer));
    }

    /** Value vector {@code index} of {@code layer}: row {@code index} of that layer's W_V, a copy. */
    public float[] valueVector(int layer, int index) {
        if (index < 0 || index >= config.dFf()) {
            throw new IndexOutOfBoundsException("value vector " + index + " outside d_ff " + config.dFf());
        }
        try (NDScope ignored = new NDScope()) {
            return valueMatrix(layer).get(index).toFloatArray();
        }
    }

    /** Every weight as a float array, by name, in the fixed order (widened to float32 where held narrower). */
    public Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (v.getDataType() == DataType.FLOAT32) {
                out.put(k, v.toFloatArray());
            } else {
                try (NDArray wide = v.toType(DataType.FLOAT32, true)) {
                    out.put(k, wide.toFloatArray());
                }
            }
        });
        return out;
    }

    /**
     * An independent copy with every weight held in {@code type}: {@link DataType#FLOAT16} for the frozen weights of a
     * 7-8 B checkpoint, two bytes a weight instead of four. Such a model is frozen: its forward pass widens each weight
     * to float32 where it is used ({@link #weight}), through a cast that autograd does not follow, and computes in
     * float32, so no gradient reaches its weights (a trainer adds trainable rows of its own through
     * {@link ValueProjection}). float32 gives a copy that computes exactly as this model does.
     *
     * <p>Two limits of DJL 0.36's PyTorch binding decide this design. It aborts the whole process (libtorch's
     * {@code std::terminate}) when it creates or casts to a bfloat16 tensor (measured on the CPU; the type is translated
     * in the binding, so CUDA is expected to fail alike), so bfloat16 is refused and float16, of the same size, holds
     * the weights; a bfloat16 checkpoint's weights convert to float16 exactly except those under 2^-14 in magnitude
     * (float16's subnormals, about 6e-5) and over 65504. And its {@code toType} returns a tensor cut off from autograd,
     * so activations cannot be narrowed to 16 bits and widened again for norms, softmax and the loss, as Hugging Face
     * does, without losing the gradient: activations stay float32.
     */
    public Transformer withWeights(DataType type) {
        if (type == DataType.BFLOAT16) {
            throw new IllegalArgumentException("weights of model " + config.name() + " cannot be held in bfloat16: "
                    + "DJL 0.36's PyTorch binding aborts the process on bfloat16 tensors; use float16 (same size) or float32");
        }
        if (type != DataType.FLOAT32 && type != DataType.FLOAT16) {
            throw new IllegalArgumentException("weights of model " + config.name() + " cannot be held in " + type
                    + " (known: float32, float16)");
        }
        NDManager target = NDManager.newBaseManager(manager.getDevice(), "PyTorch");
        Map<String, NDArray> params = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            NDArray cast = p.toType(type, true);
            NDScope.unregister(cast);
            cast.attach(target);
            params.put(name, cast);
        });
        return new Transformer(config, target, params);
    }

    /** The type the weights are held in: float32 for every model trained from scratch. Activations are float32. */
    public DataType weightType() {
        return parameter("embed").getDataType();
    }

    /** A weight as the forward pass uses it: the parameter itself, or a float32 copy of a narrower (frozen) one. */
    private NDArray weight(String name) {
        NDArray p = parameter(name);
        return p.getDataType() == DataType.FLOAT32 ? p : p.toType(DataType.FLOAT32, false);
    }

    /** Rows {@code ids} of an embedding table, widened to float32 when the table is held narrower. */
    private static NDArray lookup(NDArray table, NDArray ids) {
        NDArray rows = table.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
        return rows.getDataType() == DataType.FLOAT32 ? rows : rows.toType(DataType.FLOAT32, false);
    }

    /** An independent copy on the same device. */
    public Transformer copy() {
        return fromWeights(config, weights(), manager.getDevice());
    }

    /** Overwrites the value vectors of {@code region} with those of {@code source}; everything else stays. */
    public void copyValueVectors(Transformer source, Region region) {
        if (!source.config.equals(config) || region.layers() != config.layers() || region.dFf() != config.dFf()) {
            throw new IllegalArgumentException("models and region must share one shape");
        }
        for (int l = 0; l < config.layers(); l++) {
            float[] mine = valueMatrix(l).toFloatArray();
            float[] theirs = source.valueMatrix(l).toFloatArray();
            int d = config.dModel();
            for (int i = 0; i < config.dFf(); i++) {
                if (region.contains(l, i)) {
                    System.arraycopy(theirs, i * d, mine, i * d, d);
                }
            }
            ParameterWrite.overwrite(valueMatrix(l), mine);
        }
    }

    /**
     * Logits {@code (N, vocab)} for the batch's scored positions only: the output head runs on N rows
     * instead of {@code B * T}, which is most of the saving when answers are short.
     */
    public NDArray logits(TokenBatch batch) {
        return forward(batch, Set.of()).logits();
    }

    /**
     * Logits at the batch's scored positions plus, for each requested layer, the residual stream after
     * that layer at the same positions ({@code (N, d_model)}): what objectives such as RMU read. One pass
     * serves both, so hidden states and logits always belong to the same weights.
     */
    public Forward forward(TokenBatch batch, Set<Integer> hiddenLayers) {
        return forward(batch, hiddenLayers, false);
    }

    /**
     * As {@link #forward(TokenBatch, Set)}, and with {@code activations} also every layer's MLP memory
     * coefficients (the weights of the value vectors) at the scored positions, {@code (N, d_ff)}.
     */
    public Forward forward(TokenBatch batch, Set<Integer> hiddenLayers, boolean activations) {
        for (int layer : hiddenLayers) {
            if (layer < 0 || layer >= config.layers()) {
                throw new IllegalArgumentException("hidden layer " + layer + " outside 0.." + (config.layers() - 1));
            }
        }
        Stages stages = new Stages(batch);
        Map<Integer, NDArray> hidden = new TreeMap<>();
        Map<Integer, NDArray> coefficients = new TreeMap<>();
        NDArray x = blocks(stages.embedded(), stages.keyMask, stages.rotary, (l, k, v) -> new NDArray[] {k, v}, PLAIN,
                (l, memory, residual) -> {
                    if (activations) {
                        coefficients.put(l, stages.atScored(memory));
                    }
                    if (hiddenLayers.contains(l)) {
                        hidden.put(l, stages.atScored(residual));
                    }
                });
        return new Forward(stages.logits(x), hidden, coefficients);
    }

    /**
     * One forward pass at the scored positions.
     *
     * @param logits       {@code (N, vocab)}
     * @param hiddenStates residual stream after each requested layer, {@code (N, d_model)}, by layer
     * @param activations  MLP memory coefficients of every layer, {@code (N, d_ff)}, when requested; else empty
     */
    public record Forward(NDArray logits, Map<Integer, NDArray> hiddenStates, Map<Integer, NDArray> activations) {

        public Forward {
            hiddenStates = Collections.unmodifiableMap(new TreeMap<>(hiddenStates));
            activations = Collections.unmodifiableMap(new TreeMap<>(activations));
        }
    }

    /**
     * The output head on rows of the final residual stream {@code (..., d_model)}: the final norm, then the token
     * embedding (tied) or {@code lm_head} (untied), giving {@code (..., vocab)}. Every path that turns a residual
     * stream into logits calls this, so an untied checkpoint cannot be scored with its embedding by one of them.
     */
    NDArray head(NDArray rows) {
        NDArray eps = NativeArrays.scalar(manager, (float) config.arch().normEps());
        NDArray output = weight(config.arch().tiedEmbeddings() ? "embed" : "lm_head");
        return rmsNorm(rows, weight("final_norm"), eps).matMul(output.transpose());
    }

    /**
     * The keys and values a layer attends to, given the ones of its new positions {@code (B, kvHeads, t, headDim)}:
     * those alone, or a cache's that hold them after earlier positions' (the decoder's, the shared prompt's). Caches
     * hold the key/value heads only; the block shares them among the query heads after this returns.
     */
    @FunctionalInterface
    interface AttendedKeys {
        NDArray[] keysAndValues(int layer, NDArray keys, NDArray values);
    }

    /** What a pass keeps of each layer besides the residual stream it hands on. */
    @FunctionalInterface
    private interface LayerOutputs {
        /**
         * @param memory   the MLP's memory coefficients {@code (B, t, d_ff)}
         * @param residual the residual stream after the layer {@code (B, t, d_model)}
         */
        void after(int layer, NDArray memory, NDArray residual);
    }

    /**
     * The residual stream {@code (b, t, d)} after every layer, for {@code b x t} new tokens at the given positions
     * ({@code b * t}, row-major), the keys and values each layer attends to chosen by {@code attended} and masked by
     * {@code keyMask}: the blocks of {@link #forward}, for passes that continue cached positions.
     */
    NDArray layers(int[] tokens, int b, int t, long[] flatPositions, NDArray keyMask, AttendedKeys attended) {
        NDManager m = manager;
        int hd = config.headDim();
        NDArray ids = NativeArrays.of(m, toLong(tokens), new Shape(b, t));
        NDArray x = lookup(parameter("embed"), ids);
        if (config.positions() == ModelConfig.Positions.LEARNED) {
            NDArray positionIds = NativeArrays.of(m, flatPositions, new Shape(b, t));
            x = x.add(lookup(parameter("positions"), positionIds));
        }
        NDArray[] rotary = config.positions() == ModelConfig.Positions.ROTARY
                ? rotaryTables(m, flatPositions, config, new Shape(b, 1, t, hd)) : null;
        return blocks(x, keyMask, rotary, attended, PLAIN, (l, memory, residual) -> { });
    }

    /**
     * Every block on the residual stream {@code x} {@code (B, t, d_model)}. PRE (Llama, models trained from scratch):
     * {@code x + attn(norm(x))}, then {@code x + mlp(norm(x))}. POST (OLMo-2): {@code x + norm(attn(x))}, then
     * {@code x + norm(mlp(x))}.
     *
     * @param keyMask added to the attention scores: the causal mask, and padding's
     * @param rotary  cos and sin tables broadcastable to the queries, or null for learned positions
     */
    private NDArray blocks(NDArray x, NDArray keyMask, NDArray[] rotary, AttendedKeys attended, ValueProjection down,
                           LayerOutputs outputs) {
        NDManager m = manager;
        NDArray eps = NativeArrays.scalar(m, (float) config.arch().normEps());
        NDArray scale = NativeArrays.scalar(m, (float) (1.0 / Math.sqrt(config.headDim())));
        for (int l = 0; l < config.layers(); l++) {
            x = block(l, x, keyMask, rotary, attended, eps, scale, down, outputs);
        }
        return x;
    }

    /** Block {@code l} of {@link #blocks}, with the MLP's last product given by {@code down}. */
    private NDArray block(int l, NDArray x, NDArray keyMask, NDArray[] rotary, AttendedKeys attended, NDArray eps,
                          NDArray scale, ValueProjection down, LayerOutputs outputs) {
        boolean pre = config.arch().norms() == ModelConfig.Norms.PRE;
        String p = "layers." + l;
        NDArray mixed = attention(pre ? rmsNorm(x, weight(p + ".attn_norm"), eps) : x, l, keyMask, rotary,
                attended, eps, scale);
        x = x.add(pre ? mixed : rmsNorm(mixed, weight(p + ".attn_post_norm"), eps));
        NDArray memory = memoryCoefficients(pre ? rmsNorm(x, weight(p + ".mlp_norm"), eps) : x, p);
        NDArray mlp = down.project(l, memory, weight(p + ".w_v"));
        x = x.add(pre ? mlp : rmsNorm(mlp, weight(p + ".mlp_post_norm"), eps));
        outputs.after(l, memory, x);
        return x;
    }

    /**
     * The MLP's last product, {@code memory (B, t, d_ff)} times layer {@code layer}'s {@code W_V} {@code (d_ff, d)}: a
     * trainer that holds some value vectors outside the model (as separate trainable rows) adds their part here.
     */
    @FunctionalInterface
    public interface ValueProjection {
        NDArray project(int layer, NDArray memory, NDArray valueMatrix);
    }

    private static final ValueProjection PLAIN = (layer, memory, valueMatrix) -> memory.matMul(valueMatrix);

    /**
     * {@link #forward} cut at its blocks, for one batch: the embedded tokens, each block on its own, and the head at
     * the scored positions. A trainer that keeps only each block's input and recomputes one block at a time (activation
     * checkpointing) calls these; chained they compute exactly what {@link #logits} does, bit for bit. Arrays are made
     * on the model's manager in the caller's {@link NDScope}.
     */
    public Stages stages(TokenBatch batch) {
        return new Stages(batch);
    }

    /** See {@link #stages}. */
    public final class Stages {

        private final TokenBatch batch;
        private final NDArray keyMask;
        private final NDArray[] rotary;
        private final NDArray eps;
        private final NDArray scale;

        private Stages(TokenBatch batch) {
            if (batch.length() > config.context()) {
                throw new IllegalArgumentException("sequence of " + batch.length() + " tokens exceeds context "
                        + config.context());
            }
            this.batch = batch;
            this.keyMask = causalMask(manager, batch.length());
            this.rotary = config.positions() == ModelConfig.Positions.ROTARY
                    ? rotaryTables(manager, batch.length()) : null;
            this.eps = NativeArrays.scalar(manager, (float) config.arch().normEps());
            this.scale = NativeArrays.scalar(manager, (float) (1.0 / Math.sqrt(config.headDim())));
        }

        /** Block 0's input {@code (B, T, d_model)}: token embeddings (plus learned positions). */
        public NDArray embedded() {
            NDArray ids = NativeArrays.of(manager, toLong(batch.tokens()), new Shape(batch.batch(), batch.length()));
            NDArray x = lookup(parameter("embed"), ids);
            if (config.positions() == ModelConfig.Positions.LEARNED) {
                x = x.add(weight("positions").get(new NDIndex("0:{}", batch.length())));
            }
            return x;
        }

        /** The residual stream after block {@code layer}, given its input {@code x}. */
        public NDArray block(int layer, NDArray x) {
            return block(layer, x, PLAIN);
        }

        /** As {@link #block(int, NDArray)}, with the MLP's last product computed by {@code down}. */
        public NDArray block(int layer, NDArray x, ValueProjection down) {
            if (layer < 0 || layer >= config.layers()) {
                throw new IllegalArgumentException("layer " + layer + " outside 0.." + (config.layers() - 1));
            }
            return Transformer.this.block(layer, x, keyMask, rotary, (l, k, v) -> new NDArray[] {k, v}, eps, scale,
                    down, (l, memory, residual) -> { });
        }

        /** Logits {@code (N, vocab)} at the scored positions, given the last block's output {@code (B, T, d_model)}. */
        public NDArray logits(NDArray x) {
            return head(atScored(x));
        }

        /** The scored positions' rows {@code (N, width)} of a per-position array {@code (B, T, width)}. */
        private NDArray atScored(NDArray perPosition) {
            NDArray scored = NativeArrays.of(manager, batch.scoredPositions(), new Shape(batch.scoredPositions().length));
            return perPosition.reshape((long) batch.batch() * batch.length(), perPosition.getShape().get(2)).get(scored);
        }
    }

    /**
     * Causal self-attention of layer {@code layer} on its input {@code h} {@code (B, t, d_model)}. Queries have
     * {@code heads} heads, keys and values {@code kvHeads}; query head {@code i} attends with key/value head
     * {@code i / (heads / kvHeads)}, as Hugging Face's {@code repeat_kv} lays them out. With qkNorm the whole query and
     * key projections are normed (over all heads) before they are split and rotated, as OLMo-2 does.
     */
    private NDArray attention(NDArray h, int layer, NDArray keyMask, NDArray[] rotary, AttendedKeys attended,
                              NDArray eps, NDArray scale) {
        String p = "layers." + layer;
        int b = (int) h.getShape().get(0);
        int t = (int) h.getShape().get(1);
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headDim();
        NDArray q = h.matMul(weight(p + ".wq"));
        NDArray k = h.matMul(weight(p + ".wk"));
        if (config.arch().qkNorm()) {
            q = rmsNorm(q, weight(p + ".q_norm"), eps);
            k = rmsNorm(k, weight(p + ".k_norm"), eps);
        }
        q = splitHeads(q, b, t, heads, hd);
        k = splitHeads(k, b, t, kvHeads, hd);
        NDArray v = splitHeads(h.matMul(weight(p + ".wv")), b, t, kvHeads, hd);
        if (rotary != null) {
            q = rotate(q, rotary);
            k = rotate(k, rotary);
        }
        NDArray[] kv = attended.keysAndValues(layer, k, v);
        int group = heads / kvHeads;
        NDArray scores = q.matMul(sharedAmongQueryHeads(kv[0], group).transpose(0, 1, 3, 2)).mul(scale).add(keyMask);
        NDArray mixed = scores.softmax(-1).matMul(sharedAmongQueryHeads(kv[1], group));
        return mixed.transpose(0, 2, 1, 3).reshape(b, t, heads * hd).matMul(weight(p + ".wo"));
    }

    /**
     * Key/value heads {@code (B, kvHeads, T, hd)} repeated for the query heads that share them, {@code (B, heads, T,
     * hd)}: each head {@code group} times in a row, so query head {@code i} meets key/value head {@code i / group}.
     */
    static NDArray sharedAmongQueryHeads(NDArray kv, int group) {
        return group == 1 ? kv : kv.repeat(1, group);
    }

    /** The MLP's hidden activations m = f(x W_K): the coefficient of each value vector in the MLP output. */
    NDArray memoryCoefficients(NDArray h, String p) {
        if (config.mlp() == ModelConfig.Mlp.SWIGLU) {
            NDArray gate = h.matMul(weight(p + ".w_gate"));
            return gate.mul(Activation.sigmoid(gate)).mul(h.matMul(weight(p + ".w_up")));
        }
        return Activation.gelu(h.matMul(weight(p + ".w_k")));
    }

    static NDArray splitHeads(NDArray x, int b, int t, int heads, int hd) {
        return x.reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
    }

    static NDArray rmsNorm(NDArray x, NDArray gain, NDArray eps) {
        NDArray rms = x.mul(x).mean(new int[] {-1}, true).add(eps).sqrt();
        return x.div(rms).mul(gain);
    }

    static NDArray rotate(NDArray x, NDArray[] cosSin) {
        long half = x.getShape().get(3) / 2;
        NDArray first = x.get(new NDIndex("..., :{}", half));
        NDArray second = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = second.neg().concat(first, -1);
        return x.mul(cosSin[0]).add(rotated.mul(cosSin[1]));
    }

    private NDArray[] rotaryTables(NDManager m, int t) {
        long[] positions = new long[t];
        for (int pos = 0; pos < t; pos++) {
            positions[pos] = pos;
        }
        return rotaryTables(m, positions, config, new Shape(t, config.headDim()));
    }

    /**
     * cos and sin of the rotary angles for each given position ({@code positions.length * headDim} values,
     * laid out in {@code shape}): the first and second half of a head share each frequency (the rotate-half
     * convention of Llama and OLMo-2). Angles are {@code position / period} in double precision, rounded to float
     * after cos and sin, which is what models trained from scratch have always used.
     */
    static NDArray[] rotaryTables(NDManager m, long[] positions, ModelConfig config, Shape shape) {
        int hd = config.headDim();
        int half = hd / 2;
        double[] periods = rotaryPeriods(hd, config.arch().ropeTheta(), config.arch().ropeScaling());
        float[] cos = new float[positions.length * hd];
        float[] sin = new float[positions.length * hd];
        for (int p = 0; p < positions.length; p++) {
            for (int i = 0; i < half; i++) {
                double angle = positions[p] / periods[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[p * hd + i] = c;
                cos[p * hd + i + half] = c;
                sin[p * hd + i] = s;
                sin[p * hd + i + half] = s;
            }
        }
        return new NDArray[] {NativeArrays.of(m, cos, shape), NativeArrays.of(m, sin, shape)};
    }

    /**
     * The inverse rotary frequencies {@code 1 / theta^(2i / headDim)}, {@code i < headDim / 2}, after Llama 3
     * scaling when there is one: what Hugging Face's {@code inv_freq} holds.
     */
    static double[] inverseFrequencies(int hd, double theta, ModelConfig.RopeScaling scaling) {
        double[] periods = rotaryPeriods(hd, theta, scaling);
        double[] inverse = new double[periods.length];
        for (int i = 0; i < periods.length; i++) {
            inverse[i] = 1.0 / periods[i];
        }
        return inverse;
    }

    /**
     * The reciprocals of {@link #inverseFrequencies}: an angle is {@code position / period}. Kept as periods because
     * models trained from scratch have always divided by {@code theta^(2i / headDim)}, and a product with its
     * reciprocal can round differently, which would change their logits.
     *
     * <p>Llama 3 scaling leaves frequencies whose wavelength {@code 2 pi period} is below {@code originalContext /
     * highFreqFactor}, divides those above {@code originalContext / lowFreqFactor} by {@code factor}, and in between
     * blends {@code (1 - s) inv / factor + s inv} with {@code s = (originalContext / wavelength - low) / (high - low)}.
     */
    static double[] rotaryPeriods(int hd, double theta, ModelConfig.RopeScaling scaling) {
        double[] periods = new double[hd / 2];
        for (int i = 0; i < periods.length; i++) {
            double period = Math.pow(theta, 2.0 * i / hd);
            if (scaling != null) {
                double wavelength = 2 * Math.PI * period;
                double shortest = scaling.originalContext() / scaling.highFreqFactor();
                double longest = scaling.originalContext() / scaling.lowFreqFactor();
                if (wavelength > longest) {
                    period *= scaling.factor();
                } else if (wavelength >= shortest) {
                    double smooth = (scaling.originalContext() / wavelength - scaling.lowFreqFactor())
                            / (scaling.highFreqFactor() - scaling.lowFreqFactor());
                    period /= (1 - smooth) / scaling.factor() + smooth;
                }
            }
            periods[i] = period;
        }
        return periods;
    }

    static NDArray causalMask(NDManager m, int t) {
        float[] mask = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                mask[i * t + j] = MASKED;
            }
        }
        return NativeArrays.of(m, mask, new Shape(t, t));
    }

    static long[] toLong(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /**
     * Greedy continuations of many prompts at once with a key/value cache: the prompts run once, then one
     * single-position pass per new token. Each sequence stops at {@code eos} (not included) or its limit.
     */
    public int[][] greedyBatch(java.util.List<int[]> prompts, int[] limits, int eos) {
        if (prompts.size() != limits.length) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + limits.length + " limits");
        }
        if (prompts.isEmpty()) {
            return new int[0][];
        }
        return new CachedGreedyDecoder(this).generate(prompts, limits, eos);
    }

    /**
     * Greedy next tokens after {@code prefix}, one full forward pass per token, no cache: the plain
     * definition that the cached decoder and the one-pass ES are checked against.
     */
    public int[] greedy(int[] prefix, int newTokens) {
        int[] sequence = Arrays.copyOf(prefix, prefix.length + newTokens);
        for (int i = 0; i < newTokens; i++) {
            int[] current = Arrays.copyOf(sequence, prefix.length + i);
            try (NDScope ignored = new NDScope()) {
                NDArray logits = logits(TokenBatch.lastPosition(current));
                sequence[prefix.length + i] = (int) logits.argMax(-1).toType(DataType.INT64, false).toLongArray()[0];
            }
        }
        return Arrays.copyOfRange(sequence, prefix.length, sequence.length);
    }

    /** Argmax prediction at each scored position of the batch, in the batch's order. */
    public int[] predictions(TokenBatch batch) {
        try (NDScope ignored = new NDScope()) {
            long[] argmax = logits(batch).argMax(-1).toType(DataType.INT64, false).toLongArray();
            int[] out = new int[argmax.length];
            for (int i = 0; i < argmax.length; i++) {
                out[i] = (int) argmax[i];
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
