package dev.lacuna.engine.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.NativeArrays;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Masked training of a region's value vectors whose memory follows {@link MemoryPlan#of}, for 7-8 B checkpoints on
 * one 80 GB card. It minimises what {@link Trainer#train(Transformer, List, List, Region, TrainingConfig,
 * Trainer.EpochListener)} minimises, on the same batches in the same order with the same AdamW, and differs only in
 * what it holds:
 * <ul>
 * <li><b>Trainable rows apart from the model.</b> The region's rows of each layer's {@code w_v} are copied into a
 * float32 tensor {@code (k_l, d_model)}, the only arrays that require a gradient and the only ones AdamW keeps moments
 * for. The model's weights stay frozen in whatever type they are held ({@link Transformer#withWeights}: float16 for a
 * checkpoint, since DJL cannot hold bfloat16; activations are float32 either way), so no gradient of a whole matrix is ever formed. The rows enter the forward pass as
 * {@code memory W_V + memory[:, rows] (R - stop(R))}: the added term is exactly zero, so the pass computes exactly
 * what the model computes, while its gradient with respect to {@code R} is {@code memory[:, rows]^T upstream}, the
 * region's rows of {@code W_V}'s gradient and nothing more. After each optimizer step the rows are written back into
 * {@code w_v} (narrowed to the model's type), so between steps, in the listener and after training the model is an
 * ordinary {@link Transformer}.</li>
 * <li><b>Activation checkpointing by hand.</b> DJL has no {@code torch.utils.checkpoint}, and an autograd pass over
 * the whole model keeps every intermediate of every layer (and DJL keeps every array of a scope alive until the scope
 * closes). So each batch runs once without gradient, block by block in its own scope, keeping only each block's input
 * ({@code L * B*T*d_model} values); then the loss head (final norm, output head, cross-entropy on the answer tokens)
 * runs with gradient from the last block's output, giving the gradient {@code g_L} of that output; then, from the last
 * block down to the lowest layer that holds region rows, the block is recomputed with gradient from its saved input
 * (marked as requiring a gradient) and {@code sum(output * g_{l+1})} is backpropagated: its gradient is the chain rule's
 * {@code J_l^T g_{l+1}}, which accumulates the rows' gradient and yields {@code g_l}, the gradient of the block's input.
 * At any moment the arrays alive are the checkpoints plus one block's intermediates and gradients, instead of every
 * layer's. By {@link MemoryPlan#activationBytes}'s count with float32 activations, for Llama 3.1 8B at 8 sequences of
 * 512 tokens: 2.1 GB of checkpoints plus 4.3 GB for the block being recomputed (its intermediates and their
 * gradients), against about 68 GB of intermediates for all 32 blocks at once. The cost is one more forward pass per
 * step.</li>
 * </ul>
 * With {@code L_forget + lambda L_retain} the two batches run the checkpointed pass one after the other and the rows'
 * gradients add up, which is the gradient of the sum. For a float32 model the result equals the masked
 * {@link Trainer}'s up to the order of float32 sums (the tests bound it at 1e-6 relative); rows outside the region are
 * never written.
 */
public final class RegionTrainer {

    /**
     * Bytes the trainer held, measured on the arrays it allocates through DJL (a view counts as its own size): what
     * {@link MemoryPlan} estimates, part by part. Buffers libtorch's autograd allocates inside a backward pass are not
     * DJL arrays and are not counted.
     *
     * @param frozenWeightBytes  every weight of the model, in its type
     * @param masterBytes        the float32 trainable rows
     * @param gradientBytes      their gradients
     * @param adamBytes          AdamW's two moments
     * @param checkpointBytes    the block inputs kept by the pass without gradient
     * @param peakLiveBytes      the most bytes of live arrays on the model's manager at any measured moment
     */
    public record Memory(long frozenWeightBytes, long masterBytes, long gradientBytes, long adamBytes,
                         long checkpointBytes, long peakLiveBytes) {

        /** {@link #peakLiveBytes} less weights, rows and moments: checkpoints plus the transient arrays of one block. */
        public long peakActivationBytes() {
            return peakLiveBytes - frozenWeightBytes - masterBytes - adamBytes;
        }
    }

    /** A run's result and the memory it measured. */
    public record Run(Trainer.Result result, Memory memory) {
    }

    private final int padId;
    private final int eosId;

    /** @param eosId appended as the last target of every answer, as {@link Trainer} does */
    public RegionTrainer(int padId, int eosId) {
        this.padId = padId;
        this.eosId = eosId;
    }

    /** Minimises {@code L(primary) + retainWeight * L(retain)} over the region's value vectors only. */
    public Trainer.Result train(Transformer model, List<EncodedItem> primary, List<EncodedItem> retain, Region region,
                                TrainingConfig config, Trainer.EpochListener listener) {
        return run(model, primary, retain, region, config, listener).result();
    }

    /** As {@link #train}, also returning the memory measured. */
    public Run run(Transformer model, List<EncodedItem> primary, List<EncodedItem> retain, Region region,
                   TrainingConfig config, Trainer.EpochListener listener) {
        BatchSchedule schedule = new BatchSchedule(primary, retain, config, padId, eosId);
        int totalSteps = schedule.totalSteps();
        long start = System.nanoTime();
        long paddedTokens = 0;
        long answerTokens = 0;
        int epoch = 0;
        double epochLoss = Double.NaN;
        Meter meter = new Meter(model);
        try (TrainableRows rows = new TrainableRows(model, region);
             NDManager optimizerParent = rows.manager.newSubManager();
             AdamW optimizer = new AdamW(config.optimizer(), rows.byName(), Map.of(), optimizerParent)) {
            while (epoch < config.epochs()) {
                epoch++;
                double lossSum = 0;
                List<List<EncodedItem>> batches = schedule.epoch(epoch);
                for (List<EncodedItem> items : batches) {
                    BatchSchedule.Step batch = schedule.step(items);
                    int step = optimizer.steps() + 1;
                    float loss = accumulate(model, rows, batch.main(), batch.side(), config.retainWeight(), meter, step, epoch);
                    meter.gradients(rows);
                    try (NDScope ignored = new NDScope()) {
                        optimizer.step(totalSteps);
                    }
                    meter.optimizer(optimizerParent);
                    rows.writeBack();
                    lossSum += loss;
                    paddedTokens += batch.paddedTokens();
                    answerTokens += batch.answerTokens();
                }
                epochLoss = lossSum / batches.size();
                if (listener != null && !listener.afterEpoch(epoch, epochLoss)) {
                    break;
                }
            }
            Trainer.Result result = new Trainer.Result(epoch, optimizer.steps(), epochLoss, paddedTokens, answerTokens,
                    (System.nanoTime() - start) / 1e9);
            return new Run(result, meter.memory(rows));
        }
    }

    /**
     * The gradient of {@code L(main) + retainWeight * L(side)} with respect to the region's value vectors, by the
     * checkpointed backward pass, shaped as {@link dev.lacuna.engine.model.RegionRows#of} shapes rows (per layer, the
     * region's rows in index order; {@code null} where a layer holds none). The model is not changed.
     *
     * @param side the retain batch, or {@code null}
     */
    public static float[][] gradients(Transformer model, Region region, TokenBatch main, TokenBatch side,
                                      double retainWeight) {
        try (TrainableRows rows = new TrainableRows(model, region)) {
            accumulate(model, rows, main, side, retainWeight, new Meter(model), 1, 1);
            float[][] out = new float[region.layers()][];
            for (int l = 0; l < out.length; l++) {
                if (rows.rows[l] != null) {
                    try (NDArray g = rows.rows[l].getGradient()) {
                        out[l] = g.toFloatArray();
                    }
                }
            }
            return out;
        }
    }

    /** Both batches' checkpointed passes; the rows' gradients hold the objective's gradient after it. */
    private static float accumulate(Transformer model, TrainableRows rows, TokenBatch main, TokenBatch side,
                                    double retainWeight, Meter meter, int step, int epoch) {
        float loss = checkpointedPass(model, rows, main, null, meter, step, epoch);
        if (side != null) {
            loss += checkpointedPass(model, rows, side, (float) retainWeight, meter, step, epoch);
        }
        return loss;
    }

    /**
     * One batch's loss (times {@code weight} when given) and its gradient added to the rows' gradients, keeping only
     * the block inputs between the pass without gradient and the backward passes; see the class comment.
     */
    private static float checkpointedPass(Transformer model, TrainableRows rows, TokenBatch batch, Float weight,
                                          Meter meter, int step, int epoch) {
        int layers = model.config().layers();
        int lowest = rows.lowestLayer();
        NDArray[] inputs = new NDArray[layers + 1];
        float loss;
        try (NDScope pass = new NDScope()) {
            Transformer.Stages stages = model.stages(batch);
            NDArray factor = weight == null ? null : NativeArrays.scalar(model.manager(), weight);
            inputs[0] = stages.embedded();
            for (int l = 0; l < layers; l++) {
                NDArray out;
                try (NDScope block = new NDScope()) {
                    out = stages.block(l, inputs[l]);
                    NDScope.unregister(out);
                }
                NDScope.register(out);
                inputs[l + 1] = out;
                if (l < lowest) {
                    inputs[l].close();
                    inputs[l] = null;
                }
            }
            meter.checkpoints(inputs);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray upstream;
                try (NDScope head = new NDScope()) {
                    NDArray x = inputs[layers];
                    x.setRequiresGradient(true);
                    NDArray objective = Trainer.crossEntropy(stages.logits(x), batch);
                    if (factor != null) {
                        objective = objective.mul(factor);
                    }
                    loss = objective.getFloat();
                    if (!Float.isFinite(loss)) {
                        throw new IllegalStateException("loss is " + loss + " at step " + step + " (epoch " + epoch
                                + "); training diverged (lower the learning rate)");
                    }
                    meter.live();
                    collector.backward(objective);
                    upstream = x.getGradient().duplicate();
                    NDScope.unregister(upstream);
                }
                NDScope.register(upstream);
                inputs[layers].close();
                for (int l = layers - 1; l >= lowest; l--) {
                    NDArray next = null;
                    try (NDScope block = new NDScope()) {
                        NDArray x = inputs[l];
                        boolean needed = l > lowest;
                        if (needed) {
                            x.setRequiresGradient(true);
                        }
                        NDArray out = stages.block(l, x, rows::project);
                        meter.live();
                        collector.backward(out.mul(upstream).sum());
                        if (needed) {
                            next = x.getGradient().duplicate();
                            NDScope.unregister(next);
                        }
                    }
                    upstream.close();
                    inputs[l].close();
                    if (next != null) {
                        NDScope.register(next);
                        upstream = next;
                    }
                }
            }
        }
        return loss;
    }

    /** The region's rows of each layer's {@code w_v} as float32 tensors that require a gradient. */
    private static final class TrainableRows implements AutoCloseable {

        final NDManager manager;
        final Transformer model;
        final NDArray[] indices;
        final NDArray[] rows;

        TrainableRows(Transformer model, Region region) {
            if (region.layers() != model.config().layers() || region.dFf() != model.config().dFf()) {
                throw new IllegalArgumentException(region + " does not fit model " + model.config().name());
            }
            if (region.size() == 0) {
                throw new IllegalArgumentException("region of model " + model.config().name()
                        + " holds no value vector to train");
            }
            this.model = model;
            this.manager = model.manager().newSubManager();
            int layers = region.layers();
            this.indices = new NDArray[layers];
            this.rows = new NDArray[layers];
            try (NDScope ignored = new NDScope()) {
                for (int l = 0; l < layers; l++) {
                    int count = region.sizeInLayer(l);
                    if (count == 0) {
                        continue;
                    }
                    long[] index = new long[count];
                    int k = 0;
                    for (int i = 0; i < region.dFf(); i++) {
                        if (region.contains(l, i)) {
                            index[k++] = i;
                        }
                    }
                    indices[l] = keep(NativeArrays.of(manager, index, new Shape(count)));
                    NDArray picked = model.valueMatrix(l).get(indices[l]).toType(DataType.FLOAT32, true);
                    rows[l] = keep(picked.duplicate());
                    rows[l].setRequiresGradient(true);
                }
            }
        }

        private NDArray keep(NDArray array) {
            NDScope.unregister(array);
            array.attach(manager);
            return array;
        }

        int lowestLayer() {
            for (int l = 0; l < rows.length; l++) {
                if (rows[l] != null) {
                    return l;
                }
            }
            throw new IllegalStateException("no rows");
        }

        /** Rows by the name of the matrix they belong to, for AdamW. */
        Map<String, NDArray> byName() {
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (int l = 0; l < rows.length; l++) {
                if (rows[l] != null) {
                    out.put(Transformer.valueMatrixName(l), rows[l]);
                }
            }
            return out;
        }

        /** {@code memory W_V + memory[:, rows] (R - stop(R))}: the model's product, with the rows' gradient path. */
        NDArray project(int layer, NDArray memory, NDArray valueMatrix) {
            NDArray product = memory.matMul(valueMatrix);
            if (rows[layer] == null) {
                return product;
            }
            // float32 like the activations: the forward pass widens narrow weights (DJL's casts cut autograd, so the
            // rows are never cast inside the graph)
            NDArray r = rows[layer];
            NDArray zero = r.sub(r.stopGradient());
            return product.add(memory.get(new NDIndex("..., {}", indices[layer])).matMul(zero));
        }

        /** Copies the rows into the model's {@code w_v}, in its type; nothing else is written. */
        void writeBack() {
            try (NDScope ignored = new NDScope()) {
                for (int l = 0; l < rows.length; l++) {
                    if (rows[l] == null) {
                        continue;
                    }
                    NDArray target = model.valueMatrix(l);
                    NDArray values = rows[l].stopGradient();
                    if (target.getDataType() != DataType.FLOAT32) {
                        values = values.toType(target.getDataType(), false);
                    }
                    target.set(new NDIndex("{}", indices[l]), values);
                }
            }
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** Measures {@link Memory} on the arrays alive at chosen moments. */
    private static final class Meter {

        private final Transformer model;
        private long checkpoints;
        private long gradients;
        private long adam;
        private long peak;

        Meter(Transformer model) {
            this.model = model;
        }

        void checkpoints(NDArray[] inputs) {
            long sum = 0;
            for (NDArray a : inputs) {
                if (a != null) {
                    sum += bytes(a);
                }
            }
            checkpoints = Math.max(checkpoints, sum);
            live();
        }

        void live() {
            peak = Math.max(peak, live(model.manager()));
        }

        void gradients(TrainableRows rows) {
            long sum = 0;
            try (NDScope ignored = new NDScope()) {
                for (NDArray r : rows.rows) {
                    if (r != null) {
                        sum += bytes(r.getGradient());
                    }
                }
            }
            gradients = Math.max(gradients, sum);
        }

        void optimizer(NDManager manager) {
            adam = Math.max(adam, live(manager));
        }

        Memory memory(TrainableRows rows) {
            long weights = 0;
            for (NDArray p : model.parameters().values()) {
                weights += bytes(p);
            }
            long master = 0;
            for (NDArray r : rows.rows) {
                if (r != null) {
                    master += bytes(r);
                }
            }
            return new Memory(weights, master, gradients, adam, checkpoints, peak);
        }

        private static long live(NDManager manager) {
            long sum = 0;
            for (NDArray a : manager.getManagedArrays()) {
                if (!a.isReleased()) {
                    sum += bytes(a);
                }
            }
            return sum;
        }

        private static long bytes(NDArray a) {
            return a.getShape().size() * a.getDataType().getNumOfBytes();
        }
    }
}
