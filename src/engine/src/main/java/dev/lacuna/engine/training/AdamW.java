package dev.lacuna.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.lacuna.engine.model.NativeArrays;
import dev.lacuna.engine.model.ParameterWrite;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW written out on NDArrays, because masked injection needs guarantees a library optimizer does not
 * give: a parameter's gradient, moments and update (weight decay included) are multiplied by its row mask,
 * so entries outside the mask never change by a single bit. Moments live on the optimizer's own manager.
 * Callers invoke {@link #step} inside an {@link ai.djl.ndarray.NDScope}, after the backward pass and with
 * the autograd recorder closed.
 */
public final class AdamW implements AutoCloseable {

    private final AdamWConfig config;
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> masks;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private int step;

    /**
     * @param parameters the parameters to update, by name
     * @param rowMasks   for some of them, one 0/1 value per row (for W_V: one per value vector); only rows
     *                   marked 1 change. Parameters without a mask update everywhere.
     */
    public AdamW(AdamWConfig config, Map<String, NDArray> parameters, Map<String, float[]> rowMasks, NDManager parent) {
        this.config = config;
        this.parameters = new LinkedHashMap<>(parameters);
        this.manager = parent.newSubManager();
        this.masks = new LinkedHashMap<>();
        rowMasks.forEach((name, mask) -> {
            NDArray p = parameters.get(name);
            if (p == null || p.getShape().dimension() != 2 || p.getShape().get(0) != mask.length) {
                throw new IllegalArgumentException("row mask of length " + mask.length + " does not fit parameter " + name);
            }
            this.masks.put(name, NativeArrays.of(manager, mask, new Shape(mask.length, 1)));
        });
        this.parameters.forEach((name, p) -> {
            firstMoments.put(name, manager.zeros(p.getShape()));
            secondMoments.put(name, manager.zeros(p.getShape()));
        });
    }

    /** The moments and step count, for a checkpoint that {@link #restore} continues from bit for bit. */
    public record State(int step, Map<String, float[]> firstMoments, Map<String, float[]> secondMoments) {
    }

    public State state() {
        Map<String, float[]> m = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        firstMoments.forEach((name, a) -> m.put(name, a.toFloatArray()));
        secondMoments.forEach((name, a) -> v.put(name, a.toFloatArray()));
        return new State(step, m, v);
    }

    /** Continues from a saved state of an optimizer over the same parameters. */
    public void restore(State state) {
        if (!state.firstMoments().keySet().equals(firstMoments.keySet())
                || !state.secondMoments().keySet().equals(secondMoments.keySet())) {
            throw new IllegalArgumentException("optimizer state is for parameters " + state.firstMoments().keySet()
                    + ", not " + firstMoments.keySet());
        }
        firstMoments.forEach((name, a) -> ParameterWrite.overwrite(a, state.firstMoments().get(name)));
        secondMoments.forEach((name, a) -> ParameterWrite.overwrite(a, state.secondMoments().get(name)));
        step = state.step();
    }

    /** Steps taken so far. */
    public int steps() {
        return step;
    }

    /**
     * One update with the gradients currently held by the parameters, then zeroes those gradients.
     *
     * @return the global gradient norm before clipping (masked gradients)
     * @throws IllegalStateException if the gradient norm is not finite
     */
    public double step(int totalSteps) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        double squared = 0;
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray g = e.getValue().getGradient();
            NDArray mask = masks.get(e.getKey());
            if (mask != null) {
                g = g.mul(mask);
            }
            gradients.put(e.getKey(), g);
            squared += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(squared);
        if (!Double.isFinite(norm)) {
            parameters.values().forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
            throw new IllegalStateException("gradient norm is " + norm + " at step " + (step + 1)
                    + "; training diverged (lower the learning rate)");
        }
        step++;
        double scale = config.clipNorm() > 0 && norm > config.clipNorm() ? config.clipNorm() / norm : 1.0;
        double rate = config.rateAt(step, totalSteps);
        double correction1 = 1 - Math.pow(config.beta1(), step);
        double correction2 = 1 - Math.pow(config.beta2(), step);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            NDArray g = gradients.get(name).mul((float) scale);
            NDArray m = firstMoments.get(name).muli((float) config.beta1()).addi(g.mul((float) (1 - config.beta1())));
            NDArray v = secondMoments.get(name).muli((float) config.beta2())
                    .addi(g.square().muli((float) (1 - config.beta2())));
            NDArray update = m.div((float) correction1)
                    .divi(v.div((float) correction2).sqrt().addi((float) config.epsilon()));
            if (config.weightDecay() > 0 && p.getShape().dimension() >= 2) {
                update.addi(p.mul((float) config.weightDecay()));
            }
            update.muli((float) rate);
            NDArray mask = masks.get(name);
            if (mask != null) {
                update.muli(mask);
            }
            p.subi(update);
            JniUtils.zeroGrad((PtNDArray) p);
        }
        return norm;
    }

    @Override
    public void close() {
        manager.close();
    }
}
