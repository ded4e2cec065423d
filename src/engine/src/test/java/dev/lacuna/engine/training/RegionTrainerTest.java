package dev.lacuna.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.NativeArrays;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.RegionRows;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.toy.CharacterTokenizer;
import dev.lacuna.engine.toy.ToyPeople;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory-aware trainer against the masked {@link Trainer}, the plain autograd gradient and {@link MemoryPlan}, on
 * the scratch {@code tiny} model and two small checkpoint-like architectures (Llama-like: grouped-query attention, a
 * head width apart from d/heads, Llama 3 rotary scaling, an untied head; OLMo-2-like: norms after each sublayer and
 * on queries and keys).
 */
class RegionTrainerTest {

    private static final CharacterTokenizer TOKENIZER = new CharacterTokenizer();
    private static final int VOCAB = TOKENIZER.vocabularySize();
    private static final ModelConfig TINY = ModelConfig.tiny(VOCAB);
    private static final ModelConfig LLAMA = new ModelConfig("llama-like", 3, 48, 4, 96, VOCAB, 128,
            ModelConfig.Positions.ROTARY, ModelConfig.Mlp.SWIGLU,
            new ModelConfig.Architecture(2, 16, 1e-5, 500_000.0, new ModelConfig.RopeScaling(8, 1, 4, 64), false,
                    ModelConfig.Norms.PRE, false));
    private static final ModelConfig OLMO = new ModelConfig("olmo-like", 3, 32, 4, 80, VOCAB, 128,
            ModelConfig.Positions.ROTARY, ModelConfig.Mlp.SWIGLU,
            new ModelConfig.Architecture(2, 8, 1e-6, 500_000.0, null, true, ModelConfig.Norms.POST, true));
    private static final Trainer MASKED = new Trainer(TOKENIZER.padId(), TOKENIZER.eosId());
    private static final RegionTrainer REGION = new RegionTrainer(TOKENIZER.padId(), TOKENIZER.eosId());

    /**
     * float32 sums in another order (the rows' gradient as its own product rather than rows of the whole matrix's,
     * the gradient norm summed over k rows rather than whole matrices) differ by a few units in the last place,
     * 2^-24 = 6e-8 each; after a few AdamW steps that stays within 1e-6 of the weights' scale.
     */
    private static final double FLOAT32_AGREEMENT = 1e-6;

    /**
     * The weights after a few AdamW steps agree less closely than one gradient: AdamW divides each element's moment by
     * the square root of its second moment, so an element whose gradient is small is moved by about the learning rate
     * whatever its size, and last-bit differences in it are amplified. Measured 3.7e-6 for the OLMo-2-like model on an
     * AMD EPYC host (below 1e-6 where this was written); the update-relative bound below stays the sharp check.
     */
    private static final double AFTER_ADAMW_STEPS = 1e-5;

    private static ModelConfig config(String name) {
        return switch (name) {
            case "tiny" -> TINY;
            case "llama" -> LLAMA;
            case "olmo" -> OLMO;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static List<EncodedItem> people(String prefix, int count, long seed) {
        return EncodedItem.all(ToyPeople.items(prefix, count, seed), TOKENIZER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "llama", "olmo"})
    void theCheckpointedGradientEqualsThePlainAutogradGradient(String name) {
        ModelConfig config = config(name);
        Region region = Region.random(config.layers(), config.dFf(), 0.25, 5);
        TokenBatch main = TokenBatch.of(people("forget", 3, 1), TOKENIZER.padId(), TOKENIZER.eosId());
        TokenBatch side = TokenBatch.of(people("retain", 4, 2), TOKENIZER.padId(), TOKENIZER.eosId());
        try (Transformer model = Transformer.initialize(config, 3)) {
            Map<String, float[]> before = model.weights();
            float[][] checkpointed = RegionTrainer.gradients(model, region, main, side, 2.0);
            float[][] plain = plainGradients(model, region, main, side, 2.0);
            double worst = 0;
            for (int l = 0; l < config.layers(); l++) {
                assertThat(checkpointed[l] == null).isEqualTo(plain[l] == null);
                if (plain[l] != null) {
                    worst = Math.max(worst, relative(checkpointed[l], plain[l]));
                }
            }
            System.out.printf(Locale.ROOT, "%s: checkpointed vs plain gradient, max |diff| / max |g| = %.2e%n", name, worst);
            assertThat(worst).isLessThan(FLOAT32_AGREEMENT);
            model.weights().forEach((n, w) -> assertThat(w).as(n).isEqualTo(before.get(n)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "llama", "olmo"})
    void aFewStepsGiveTheMaskedTrainersWeights(String name) {
        ModelConfig config = config(name);
        Region region = Region.random(config.layers(), config.dFf(), 0.2, 7);
        TrainingConfig training = new TrainingConfig(2, 3, 2.0,
                AdamWConfig.of(1e-2).withWarmup(2).withWeightDecay(0.1).withSchedule(AdamWConfig.Schedule.COSINE, 0.1), 4);
        List<EncodedItem> forget = people("forget", 5, 1);
        List<EncodedItem> retain = people("retain", 4, 2);
        try (Transformer start = Transformer.initialize(config, 3);
             Transformer masked = start.copy();
             Transformer memoryAware = start.copy()) {
            List<Double> maskedLosses = new ArrayList<>();
            List<Double> regionLosses = new ArrayList<>();
            Trainer.Result a = MASKED.train(masked, forget, retain, region, training, (e, loss) -> maskedLosses.add(loss));
            Trainer.Result b = REGION.train(memoryAware, forget, retain, region, training, (e, loss) -> regionLosses.add(loss));
            assertThat(b.steps()).isEqualTo(a.steps()).isGreaterThan(2);
            assertThat(b.paddedTokens()).isEqualTo(a.paddedTokens());
            assertThat(b.answerTokens()).isEqualTo(a.answerTokens());

            Map<String, float[]> origin = start.weights();
            Map<String, float[]> expected = masked.weights();
            Map<String, float[]> actual = memoryAware.weights();
            float[][] expectedRows = RegionRows.of(masked, region);
            float[][] actualRows = RegionRows.of(memoryAware, region);
            float[][] originRows = RegionRows.of(start, region);
            double worstOfWeights = 0;
            double worstOfUpdates = 0;
            for (int l = 0; l < config.layers(); l++) {
                if (expectedRows[l] == null) {
                    continue;
                }
                worstOfWeights = Math.max(worstOfWeights, relative(actualRows[l], expectedRows[l]));
                worstOfUpdates = Math.max(worstOfUpdates, maxDiff(actualRows[l], expectedRows[l])
                        / maxDiff(expectedRows[l], originRows[l]));
            }
            System.out.printf(Locale.ROOT, "%s: updated region rows, max |diff| / max |w| = %.2e, / max |update| = %.2e;"
                    + " losses %s vs %s%n", name, worstOfWeights, worstOfUpdates, regionLosses, maskedLosses);
            assertThat(worstOfWeights).isLessThan(AFTER_ADAMW_STEPS);
            assertThat(worstOfUpdates).isLessThan(1e-4);
            for (int e = 0; e < maskedLosses.size(); e++) {
                assertThat(regionLosses.get(e)).isCloseTo(maskedLosses.get(e), org.assertj.core.data.Offset.offset(1e-5));
            }
            int d = config.dModel();
            for (String n : origin.keySet()) {
                int layer = valueLayer(config, n);
                if (layer < 0) {
                    assertThat(actual.get(n)).as(n).isEqualTo(origin.get(n));
                    continue;
                }
                for (int row = 0; row < config.dFf(); row++) {
                    if (!region.contains(layer, row)) {
                        assertThat(Arrays.copyOfRange(actual.get(n), row * d, (row + 1) * d)).as("%s row %d", n, row)
                                .isEqualTo(Arrays.copyOfRange(origin.get(n), row * d, (row + 1) * d));
                    } else {
                        assertThat(Arrays.copyOfRange(actual.get(n), row * d, (row + 1) * d)).as("%s row %d", n, row)
                                .isNotEqualTo(Arrays.copyOfRange(origin.get(n), row * d, (row + 1) * d));
                    }
                }
            }
        }
    }

    /**
     * Frozen weights in float16 (DJL cannot hold bfloat16, see {@link Transformer#withWeights}), activations float32. A
     * float16 value has 11 significant bits: rounding a weight to it moves it by at most u = 2^-11 of itself, and
     * nothing else is rounded differently. A logit is a sum of products along paths through the blocks, each path
     * carrying a handful of rounded weights (embedding, q/k/v/o, gate/up/down per block, the head), so to first order
     * it moves by at most a few u of its own size; the loss, a mean of {@code -log p(target)}, moves by at most twice
     * the largest logit change (softmax minus one-hot has an L1 norm of at most 2). We allow 16 u = 0.0078 of the loss,
     * per epoch (bfloat16's 8 bits would need 16 * 2^-8 = 0.0625), and check that the float16 run learns.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tiny", "llama", "olmo"})
    void float16FrozenWeightsFollowTheFloat32LossCurve(String name) {
        ModelConfig config = config(name);
        Region region = Region.random(config.layers(), config.dFf(), 0.25, 7);
        TrainingConfig training = new TrainingConfig(6, 4, 2.0, AdamWConfig.of(1e-2).withWarmup(2), 4);
        List<EncodedItem> forget = people("forget", 4, 1);
        List<EncodedItem> retain = people("retain", 4, 2);
        double u = Math.pow(2, -11);
        try (Transformer wide = Transformer.initialize(config, 3);
             Transformer narrow = wide.withWeights(DataType.FLOAT16)) {
            assertThat(narrow.weightType()).isEqualTo(DataType.FLOAT16);
            List<Double> wideLosses = new ArrayList<>();
            List<Double> narrowLosses = new ArrayList<>();
            REGION.train(wide, forget, retain, region, training, (e, loss) -> wideLosses.add(loss));
            REGION.train(narrow, forget, retain, region, training, (e, loss) -> narrowLosses.add(loss));
            double worst = 0;
            for (int e = 0; e < wideLosses.size(); e++) {
                worst = Math.max(worst, Math.abs(narrowLosses.get(e) - wideLosses.get(e)) / wideLosses.get(e));
            }
            System.out.printf(Locale.ROOT, "%s: fp16 vs fp32 loss curve, max relative gap %.2e (allowed 16u = %.4f): %s vs %s%n",
                    name, worst, 16 * u, narrowLosses, wideLosses);
            assertThat(worst).isLessThan(16 * u);
            assertThat(narrowLosses.get(narrowLosses.size() - 1)).isLessThan(narrowLosses.get(0));
            assertThat(narrow.valueMatrix(0).getDataType()).isEqualTo(DataType.FLOAT16);
        }
    }

    @Test
    void aFloat16CopyComputesTheFloat32LogitsWithinItsRounding() {
        TokenBatch batch = TokenBatch.of(people("x", 3, 1), TOKENIZER.padId(), TOKENIZER.eosId());
        for (ModelConfig config : List.of(TINY, LLAMA, OLMO)) {
            try (Transformer wide = Transformer.initialize(config, 3);
                 Transformer same = wide.withWeights(DataType.FLOAT32);
                 Transformer narrow = wide.withWeights(DataType.FLOAT16);
                 NDScope ignored = new NDScope()) {
                float[] exact = wide.logits(batch).toFloatArray();
                assertThat(same.logits(batch).toFloatArray()).isEqualTo(exact);
                NDArray rounded = narrow.logits(batch);
                assertThat(rounded.getDataType()).isEqualTo(DataType.FLOAT32);
                float[] approx = rounded.toFloatArray();
                double gap = maxDiff(approx, exact) / maxAbs(exact);
                System.out.printf(Locale.ROOT, "%s: fp16 logits vs fp32, max |diff| / max |z| = %.4f%n", config.name(), gap);
                assertThat(gap).isLessThan(16 * Math.pow(2, -11));
            }
        }
    }

    @Test
    void theStagesChainedGiveTheForwardPassBitForBit() {
        TokenBatch batch = TokenBatch.of(people("x", 3, 1), TOKENIZER.padId(), TOKENIZER.eosId());
        for (ModelConfig config : List.of(TINY, LLAMA, OLMO)) {
            try (Transformer model = Transformer.initialize(config, 3); NDScope ignored = new NDScope()) {
                Transformer.Stages stages = model.stages(batch);
                NDArray x = stages.embedded();
                for (int l = 0; l < config.layers(); l++) {
                    x = stages.block(l, x);
                }
                assertThat(stages.logits(x).toFloatArray()).as(config.name())
                        .isEqualTo(model.forward(batch, Set.of()).logits().toFloatArray());
            }
        }
    }

    /**
     * Each part {@link RegionTrainer} holds, measured on its arrays, against {@link MemoryPlan#of} for one step of one
     * batch of B sequences of T tokens: weights (float16 standing for the plan's 2-byte bfloat16), float32 rows, their
     * gradient and AdamW's moments agree byte for byte with the plan; the checkpoints are {@code L * B*T*d*4} (float32
     * activations, so the plan's FLOAT32 activation count applies) plus the last block's output (the head's input);
     * the activations alive at the peak stay within the plan's activation estimate.
     */
    @ParameterizedTest
    @ValueSource(strings = {"FLOAT32", "BF16"})
    void theMemoryHeldMatchesTheMemoryPlan(String type) {
        MemoryPlan.WeightType weights = MemoryPlan.WeightType.valueOf(type);
        List<EncodedItem> forget = people("forget", 6, 1);
        int t = forget.stream().mapToInt(i -> i.prompt().length + i.answer().length).max().orElseThrow();
        double fraction = 0.1;
        Region region = Region.random(TINY.layers(), TINY.dFf(), fraction, 7);
        try (Transformer wide = Transformer.initialize(TINY, 3);
             Transformer model = weights == MemoryPlan.WeightType.BF16 ? wide.withWeights(DataType.FLOAT16) : wide.copy()) {
            RegionTrainer.Run run = REGION.run(model, forget, List.of(), region,
                    new TrainingConfig(1, forget.size(), 0, AdamWConfig.of(1e-3), 1), null);
            MemoryPlan plan = MemoryPlan.of(TINY, fraction, forget.size(), t, weights);
            long activationPlan = MemoryPlan.activationBytes(TINY, forget.size(), t, MemoryPlan.WeightType.FLOAT32);
            RegionTrainer.Memory m = run.memory();
            long tokens = (long) forget.size() * t;
            long checkpointPlan = TINY.layers() * tokens * TINY.dModel() * 4;
            System.out.printf(Locale.ROOT, "tiny, weights %s, B=%d T=%d, p=%.2f: measured vs MemoryPlan bytes%n"
                            + "  frozen weights %,d vs %,d%n  master rows %,d vs %,d%n  gradients %,d vs %,d%n"
                            + "  AdamW m+v %,d vs %,d%n  checkpoints %,d vs %,d (+ head input %,d)%n"
                            + "  peak activations %,d vs %,d (float32 activations)%n  peak live %,d vs total %,d%n",
                    type, forget.size(), t, fraction, m.frozenWeightBytes(), plan.frozenWeightBytes(),
                    m.masterBytes(), plan.masterBytes(), m.gradientBytes(), plan.gradientBytes(),
                    m.adamBytes(), plan.adamMBytes() + plan.adamVBytes(), m.checkpointBytes(), checkpointPlan,
                    tokens * TINY.dModel() * 4, m.peakActivationBytes(), activationPlan,
                    m.peakLiveBytes(), plan.totalBytes() - plan.activationBytes() + activationPlan);
            assertThat(m.frozenWeightBytes()).isEqualTo(plan.frozenWeightBytes());
            assertThat(m.masterBytes()).isEqualTo(plan.masterBytes());
            assertThat(m.gradientBytes()).isEqualTo(plan.gradientBytes());
            assertThat(m.adamBytes()).isEqualTo(plan.adamMBytes() + plan.adamVBytes());
            assertThat(m.checkpointBytes()).isEqualTo(checkpointPlan + tokens * TINY.dModel() * 4);
            assertThat(m.peakActivationBytes()).isLessThanOrEqualTo(activationPlan);
        }
    }

    @Test
    void bfloat16IsRefusedByNameInsteadOfAbortingTheProcess() {
        try (Transformer model = Transformer.initialize(TINY, 3)) {
            assertThatThrownBy(() -> model.withWeights(DataType.BFLOAT16)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bfloat16").hasMessageContaining("float16");
        }
    }

    @Test
    void aRegionOfAnotherShapeOrAnEmptyOneIsRefusedByName() {
        try (Transformer model = Transformer.initialize(TINY, 3)) {
            TrainingConfig training = new TrainingConfig(1, 2, 0, AdamWConfig.of(1e-3), 1);
            assertThatThrownBy(() -> REGION.train(model, people("x", 2, 1), List.of(), Region.empty(3, TINY.dFf()),
                    training, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit model tiny");
            assertThatThrownBy(() -> REGION.train(model, people("x", 2, 1), List.of(), Region.empty(2, TINY.dFf()),
                    training, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no value vector");
        }
    }

    /** The masked trainer's way: W_V's whole gradient by one autograd pass, then the region's rows of it. */
    private static float[][] plainGradients(Transformer model, Region region, TokenBatch main, TokenBatch side,
                                            double retainWeight) {
        float[][] out = new float[region.layers()][];
        int d = model.config().dModel();
        for (int l = 0; l < region.layers(); l++) {
            model.valueMatrix(l).setRequiresGradient(true);
        }
        try (NDScope ignored = new NDScope()) {
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray objective = Trainer.crossEntropy(model, main).add(Trainer.crossEntropy(model, side)
                        .mul(NativeArrays.scalar(model.manager(), (float) retainWeight)));
                collector.backward(objective);
            }
            for (int l = 0; l < region.layers(); l++) {
                NDArray w = model.valueMatrix(l);
                float[] g = w.getGradient().toFloatArray();
                JniUtils.zeroGrad((PtNDArray) w);
                if (region.sizeInLayer(l) == 0) {
                    continue;
                }
                out[l] = new float[region.sizeInLayer(l) * d];
                int k = 0;
                for (int i = 0; i < region.dFf(); i++) {
                    if (region.contains(l, i)) {
                        System.arraycopy(g, i * d, out[l], k++ * d, d);
                    }
                }
            }
        } finally {
            for (int l = 0; l < region.layers(); l++) {
                model.valueMatrix(l).setRequiresGradient(false);
            }
        }
        return out;
    }

    private static double relative(float[] actual, float[] expected) {
        return maxDiff(actual, expected) / maxAbs(expected);
    }

    private static double maxDiff(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((double) a[i] - b[i]));
        }
        return worst;
    }

    private static double maxAbs(float[] a) {
        double worst = 0;
        for (float v : a) {
            worst = Math.max(worst, Math.abs(v));
        }
        return worst;
    }

    private static int valueLayer(ModelConfig config, String name) {
        for (int l = 0; l < config.layers(); l++) {
            if (name.equals(Transformer.valueMatrixName(l))) {
                return l;
            }
        }
        return -1;
    }
}
