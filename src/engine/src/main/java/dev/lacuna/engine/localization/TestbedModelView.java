package dev.lacuna.engine.localization;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.NativeArrays;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.objective.BatchOutputs;
import dev.lacuna.spi.ActivationVisitor;
import dev.lacuna.spi.Constants;
import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.GradientLoss;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ModelView;
import dev.lacuna.spi.ValueVectorGradients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The {@link ModelView} of one testbed's theta_o. It holds the model and the testbed's items, nothing
 * else: the ground-truth region is not reachable from here. Gradients are taken on a private copy, so the
 * model the harness later unlearns is never touched; batches run in item order, so results are
 * reproducible.
 */
public final class TestbedModelView implements ModelView, AutoCloseable {

    static final int BATCH = 16;

    private final Transformer model;
    private final List<EncodedItem> forget;
    private final List<EncodedItem> retain;
    private final int padId;
    private final int[] specialIds;
    private final String plugin;
    private Transformer gradientCopy;

    /**
     * @param specialIds token ids random labels never use (padding, BOS, EOS)
     * @param plugin     the name failures report
     */
    public TestbedModelView(Transformer model, List<EncodedItem> forget, List<EncodedItem> retain, int padId,
                            int[] specialIds, String plugin) {
        this.model = model;
        this.forget = List.copyOf(forget);
        this.retain = List.copyOf(retain);
        this.padId = padId;
        this.specialIds = specialIds.clone();
        this.plugin = plugin;
    }

    @Override
    public ModelShape shape() {
        var c = model.config();
        return new ModelShape(c.layers(), c.dModel(), c.dFf(), c.vocab());
    }

    @Override
    public float[] valueVectors(int layer) {
        checkLayer(layer);
        return model.valueMatrix(layer).toFloatArray();
    }

    @Override
    public void visitActivations(DataSplit split, ActivationVisitor visitor) {
        List<EncodedItem> items = items(split);
        int dFf = model.config().dFf();
        for (int start = 0; start < items.size(); start += BATCH) {
            List<EncodedItem> chunk = items.subList(start, Math.min(items.size(), start + BATCH));
            TokenBatch batch = TokenBatch.of(chunk, padId, -1);
            List<float[]> byLayer = new ArrayList<>();
            try (NDScope ignored = new NDScope()) {
                Transformer.Forward f = model.forward(batch, Set.of(), true);
                for (int l = 0; l < model.config().layers(); l++) {
                    byLayer.add(f.activations().get(l).toFloatArray());
                }
            }
            int[] lengths = batch.answerLengths();
            for (int l = 0; l < byLayer.size(); l++) {
                float[] all = byLayer.get(l);
                int row = 0;
                for (int i = 0; i < chunk.size(); i++) {
                    float[] item = new float[lengths[i] * dFf];
                    System.arraycopy(all, row * dFf, item, 0, item.length);
                    row += lengths[i];
                    try {
                        visitor.visit(start + i, l, lengths[i], item);
                    } catch (RuntimeException e) {
                        throw new LocalizerFailure(plugin + " failed while reading activations: " + e, e);
                    }
                }
            }
        }
    }

    @Override
    public ValueVectorGradients gradients(DataSplit split, GradientLoss loss) {
        return gradientsOf(items(split), loss, split.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public ValueVectorGradients randomLabelGradients(DataSplit split, long seed, GradientLoss loss) {
        SplittableRandom random = new SplittableRandom(seed);
        int vocab = model.config().vocab();
        List<EncodedItem> relabelled = new ArrayList<>();
        for (EncodedItem item : items(split)) {
            int[] answer = new int[item.answer().length];
            for (int t = 0; t < answer.length; t++) {
                int id;
                do {
                    id = random.nextInt(vocab);
                } while (isSpecial(id));
                answer[t] = id;
            }
            relabelled.add(new EncodedItem(item.id(), item.prompt(), answer));
        }
        return gradientsOf(relabelled, loss, split.name().toLowerCase(java.util.Locale.ROOT) + " (random labels)");
    }

    private ValueVectorGradients gradientsOf(List<EncodedItem> items, GradientLoss loss, String what) {
        if (loss == null) {
            throw new LocalizerFailure(plugin + " asked for gradients of a null loss");
        }
        Transformer copy = gradientModel();
        int layers = copy.config().layers();
        int perLayer = copy.config().dFf() * copy.config().dModel();
        double[] sum = new double[layers * perLayer];
        double[] squares = new double[layers * perLayer];
        int batches = 0;
        for (int start = 0; start < items.size(); start += BATCH) {
            TokenBatch batch = TokenBatch.of(items.subList(start, Math.min(items.size(), start + BATCH)), padId, -1);
            try (NDScope ignored = new NDScope()) {
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    Transformer.Forward f = copy.forward(batch, Set.of());
                    NDArray targets = NativeArrays.of(f.logits().getManager(), toLong(batch.targets()), new Shape(batch.targets().length));
                    BatchOutputs outputs = new BatchOutputs(f.logits(), targets, batch.answerLengths(), null, Map.of(), Map.of());
                    NDArray value;
                    try {
                        value = loss.loss(outputs, constants(f.logits()));
                    } catch (RuntimeException e) {
                        throw new LocalizerFailure(plugin + "'s gradient loss failed on " + what + " batch " + batches + ": " + e, e);
                    }
                    requireFiniteScalar(value, what, batches);
                    collector.backward(value);
                }
                for (int l = 0; l < layers; l++) {
                    NDArray p = copy.parameter(Transformer.valueMatrixName(l));
                    float[] g = p.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
                    int offset = l * perLayer;
                    for (int j = 0; j < g.length; j++) {
                        sum[offset + j] += g[j];
                        squares[offset + j] += (double) g[j] * g[j];
                    }
                    JniUtils.zeroGrad((PtNDArray) p);
                }
            }
            batches++;
        }
        if (batches == 0) {
            throw new LocalizerFailure(plugin + " asked for gradients on " + what + ", which has no items");
        }
        float[] mean = new float[sum.length];
        float[] meanSquares = new float[sum.length];
        for (int j = 0; j < sum.length; j++) {
            mean[j] = (float) (sum[j] / batches);
            meanSquares[j] = (float) (squares[j] / batches);
        }
        return new ValueVectorGradients(mean, meanSquares, batches);
    }

    private void requireFiniteScalar(NDArray value, String what, int batch) {
        if (value == null || value.size() != 1) {
            throw new LocalizerFailure(plugin + "'s gradient loss on " + what + " batch " + batch + " is not a scalar"
                    + (value == null ? " (null)" : " (shape " + value.getShape() + ")"));
        }
        double v = value.toType(DataType.FLOAT64, false).getDouble();
        if (!Double.isFinite(v)) {
            throw new LocalizerFailure(plugin + "'s gradient loss on " + what + " batch " + batch + " is not finite (" + v + ")");
        }
    }

    private static Constants constants(NDArray anchor) {
        return new Constants() {
            @Override
            public NDArray constant(double value) {
                return NativeArrays.scalar(anchor.getManager(), (float) value);
            }

            @Override
            public NDArray constants(float[] values) {
                return NativeArrays.of(anchor.getManager(), values, new Shape(values.length));
            }
        };
    }

    /** A copy of the model with gradients on the value matrices only, made on first use. */
    private Transformer gradientModel() {
        if (gradientCopy == null) {
            gradientCopy = model.copy();
            Set<String> values = new java.util.HashSet<>();
            for (int l = 0; l < gradientCopy.config().layers(); l++) {
                values.add(Transformer.valueMatrixName(l));
            }
            gradientCopy.parameters().forEach((name, p) -> p.setRequiresGradient(values.contains(name)));
        }
        return gradientCopy;
    }

    private List<EncodedItem> items(DataSplit split) {
        if (split == null) {
            throw new LocalizerFailure(plugin + " asked for a null data split");
        }
        return split == DataSplit.FORGET ? forget : retain;
    }

    private boolean isSpecial(int id) {
        for (int s : specialIds) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= model.config().layers()) {
            throw new LocalizerFailure(plugin + " asked for layer " + layer + ", but the model has layers 0.."
                    + (model.config().layers() - 1));
        }
    }

    private static long[] toLong(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public void close() {
        if (gradientCopy != null) {
            gradientCopy.close();
            gradientCopy = null;
        }
    }
}
