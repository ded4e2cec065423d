package dev.lacuna.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small models with what pretrained checkpoints add, for tests: a Llama-like one (grouped-query attention, a head
 * width apart from {@code d_model / heads}, Llama 3 rotary scaling whose three bands all occur, an untied output
 * head, eps 1e-5) and an OLMo-2-like one (norms after each sublayer, norms on queries and keys, grouped-query
 * attention). Their weights are drawn so that activations are of order one and norm gains differ from one, so a
 * swapped gain or a misplaced norm changes the numbers. {@link #reference} is the forward pass written out in plain
 * loops, from the Hugging Face definitions, without DJL.
 */
final class CheckpointLikeModels {

    static final int VOCAB = 50;

    /**
     * Llama-like: 4 query heads of width 16 (64 wide, d_model 48) over 2 key/value heads. Rotary periods
     * {@code 500000^(i/8)} have wavelengths 6.3, 32.5, 167, ...: with an original context of 64, low 1 and high 4
     * the first is kept (below 16), the second blended (16..64), the rest divided by the factor.
     */
    static final ModelConfig LLAMA = new ModelConfig("llama-like", 2, 48, 4, 96, VOCAB, 64,
            ModelConfig.Positions.ROTARY, ModelConfig.Mlp.SWIGLU,
            new ModelConfig.Architecture(2, 16, 1e-5, 500_000.0, new ModelConfig.RopeScaling(8, 1, 4, 64), false,
                    ModelConfig.Norms.PRE, false));

    /** OLMo-2-like: post-norms, QK-norm, 4 query heads of width 8 over 2 key/value heads, tied head. */
    static final ModelConfig OLMO = new ModelConfig("olmo-like", 2, 32, 4, 80, VOCAB, 64,
            ModelConfig.Positions.ROTARY, ModelConfig.Mlp.SWIGLU,
            new ModelConfig.Architecture(2, 8, 1e-6, 500_000.0, null, true, ModelConfig.Norms.POST, true));

    private CheckpointLikeModels() {
    }

    /**
     * Weights for {@code config}: matrices N(0, 1/in) so each projection keeps the scale of its input, embeddings
     * N(0, 1), the untied head N(0, 1/d_model), norm gains 1 + N(0, 0.2^2).
     */
    static Map<String, float[]> weights(ModelConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : Transformer.shapes(config).entrySet()) {
            String name = e.getKey();
            Shape shape = e.getValue();
            float[] values = new float[(int) shape.size()];
            for (int i = 0; i < values.length; i++) {
                double g = random.nextGaussian();
                if (name.endsWith("norm")) {
                    values[i] = (float) (1 + 0.2 * g);
                } else if (name.equals("embed") || name.equals("positions")) {
                    values[i] = (float) g;
                } else if (name.equals("lm_head")) {
                    values[i] = (float) (g / Math.sqrt(config.dModel()));
                } else {
                    values[i] = (float) (g / Math.sqrt(shape.get(0)));
                }
            }
            out.put(name, values);
        }
        return out;
    }

    static Transformer model(ModelConfig config, long seed) {
        return Transformer.fromWeights(config, weights(config, seed), Device.cpu());
    }

    /**
     * Logits {@code [position][vocab]} of every position of {@code tokens}, in double precision, by the Hugging Face
     * definitions: RMS norm {@code x / sqrt(mean(x^2) + eps) * g}; queries and keys normed over their whole
     * projection before heads are split (OLMo-2); rotary {@code x cos + rotate_half(x) sin} with Llama 3's inverse
     * frequencies; query head {@code h} attending with key/value head {@code h / (heads / kvHeads)}; softmax of
     * {@code q.k / sqrt(hd)} over earlier positions; SwiGLU MLP; PRE {@code x + f(norm(x))} or POST {@code x +
     * norm(f(x))}; final norm, then the embedding or {@code lm_head}.
     */
    static double[][] reference(ModelConfig c, Map<String, float[]> w, int[] tokens) {
        if (c.mlp() != ModelConfig.Mlp.SWIGLU || c.positions() != ModelConfig.Positions.ROTARY) {
            throw new IllegalArgumentException("the reference covers rotary SwiGLU models only, not " + c.name());
        }
        int t = tokens.length;
        int d = c.dModel();
        int heads = c.heads();
        int kvHeads = c.kvHeads();
        int hd = c.headDim();
        double eps = c.arch().normEps();
        boolean post = c.arch().norms() == ModelConfig.Norms.POST;
        double[] inv = referenceInverseFrequencies(hd, c.arch().ropeTheta(), c.arch().ropeScaling());
        double[][] x = new double[t][];
        for (int p = 0; p < t; p++) {
            x[p] = row(w.get("embed"), tokens[p], d);
        }
        for (int l = 0; l < c.layers(); l++) {
            String pre = "layers." + l + ".";
            double[][] q = new double[t][];
            double[][] k = new double[t][];
            double[][] v = new double[t][];
            for (int p = 0; p < t; p++) {
                double[] h = post ? x[p] : norm(x[p], w.get(pre + "attn_norm"), eps);
                q[p] = times(h, w.get(pre + "wq"), heads * hd);
                k[p] = times(h, w.get(pre + "wk"), kvHeads * hd);
                v[p] = times(h, w.get(pre + "wv"), kvHeads * hd);
                if (c.arch().qkNorm()) {
                    q[p] = norm(q[p], w.get(pre + "q_norm"), eps);
                    k[p] = norm(k[p], w.get(pre + "k_norm"), eps);
                }
                rotateHeads(q[p], heads, hd, inv, p);
                rotateHeads(k[p], kvHeads, hd, inv, p);
            }
            double[][] next = new double[t][];
            for (int p = 0; p < t; p++) {
                double[] mixed = new double[heads * hd];
                for (int head = 0; head < heads; head++) {
                    int kvHead = head / (heads / kvHeads);
                    double[] score = new double[p + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= p; s++) {
                        double dot = 0;
                        for (int i = 0; i < hd; i++) {
                            dot += q[p][head * hd + i] * k[s][kvHead * hd + i];
                        }
                        score[s] = dot / Math.sqrt(hd);
                        max = Math.max(max, score[s]);
                    }
                    double total = 0;
                    for (int s = 0; s <= p; s++) {
                        score[s] = Math.exp(score[s] - max);
                        total += score[s];
                    }
                    for (int s = 0; s <= p; s++) {
                        for (int i = 0; i < hd; i++) {
                            mixed[head * hd + i] += score[s] / total * v[s][kvHead * hd + i];
                        }
                    }
                }
                double[] attn = times(mixed, w.get(pre + "wo"), d);
                next[p] = add(x[p], post ? norm(attn, w.get(pre + "attn_post_norm"), eps) : attn);
            }
            for (int p = 0; p < t; p++) {
                double[] h = post ? next[p] : norm(next[p], w.get(pre + "mlp_norm"), eps);
                double[] gate = times(h, w.get(pre + "w_gate"), c.dFf());
                double[] up = times(h, w.get(pre + "w_up"), c.dFf());
                double[] memory = new double[c.dFf()];
                for (int i = 0; i < memory.length; i++) {
                    memory[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
                }
                double[] mlp = times(memory, w.get(pre + "w_v"), d);
                x[p] = add(next[p], post ? norm(mlp, w.get(pre + "mlp_post_norm"), eps) : mlp);
            }
        }
        float[] output = w.get(c.arch().tiedEmbeddings() ? "embed" : "lm_head");
        double[][] logits = new double[t][c.vocab()];
        for (int p = 0; p < t; p++) {
            double[] h = norm(x[p], w.get("final_norm"), eps);
            for (int token = 0; token < c.vocab(); token++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += h[i] * output[token * d + i];
                }
                logits[p][token] = dot;
            }
        }
        return logits;
    }

    /** Hugging Face's {@code inv_freq}: {@code 1 / theta^(2i/hd)}, then Llama 3's bands by wavelength. */
    static double[] referenceInverseFrequencies(int hd, double theta, ModelConfig.RopeScaling scaling) {
        double[] inv = new double[hd / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1 / Math.pow(theta, (2.0 * i) / hd);
            if (scaling != null) {
                double wavelength = 2 * Math.PI / inv[i];
                double lowWavelength = scaling.originalContext() / scaling.lowFreqFactor();
                double highWavelength = scaling.originalContext() / scaling.highFreqFactor();
                if (wavelength > lowWavelength) {
                    inv[i] = inv[i] / scaling.factor();
                } else if (wavelength >= highWavelength) {
                    double smooth = (scaling.originalContext() / wavelength - scaling.lowFreqFactor())
                            / (scaling.highFreqFactor() - scaling.lowFreqFactor());
                    inv[i] = (1 - smooth) * inv[i] / scaling.factor() + smooth * inv[i];
                }
            }
        }
        return inv;
    }

    private static void rotateHeads(double[] x, int heads, int hd, double[] inv, int position) {
        int half = hd / 2;
        for (int head = 0; head < heads; head++) {
            int o = head * hd;
            for (int i = 0; i < half; i++) {
                double angle = position * inv[i];
                double a = x[o + i];
                double b = x[o + i + half];
                x[o + i] = a * Math.cos(angle) - b * Math.sin(angle);
                x[o + i + half] = b * Math.cos(angle) + a * Math.sin(angle);
            }
        }
    }

    private static double[] row(float[] matrix, int r, int width) {
        double[] out = new double[width];
        for (int i = 0; i < width; i++) {
            out[i] = matrix[r * width + i];
        }
        return out;
    }

    /** {@code x M} for {@code M} stored {@code in x out}, row-major. */
    private static double[] times(double[] x, float[] m, int out) {
        double[] y = new double[out];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < out; j++) {
                y[j] += x[i] * m[i * out + j];
            }
        }
        return y;
    }

    private static double[] norm(double[] x, float[] gain, double eps) {
        double squares = 0;
        for (double v : x) {
            squares += v * v;
        }
        double rms = Math.sqrt(squares / x.length + eps);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / rms * gain[i];
        }
        return out;
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
