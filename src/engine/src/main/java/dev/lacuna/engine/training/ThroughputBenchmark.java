package dev.lacuna.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Transformer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures how close training runs to the machine's matrix-multiply limit (DESIGN 9, "fast"): trains a
 * named config on random token sequences for a number of steps, estimates the FLOP/s achieved, and
 * compares them with plain libtorch matrix products of the model's own shapes timed in the same process.
 *
 * <p>Arguments: {@code [config=small] [steps=30] [batch=32] [promptTokens=40] [answerTokens=24] [vocab=4096]}.
 * Threads come from {@code -Dai.djl.pytorch.num_threads}.
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "small";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int promptTokens = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        int answerTokens = args.length > 4 ? Integer.parseInt(args[4]) : 24;
        int vocab = args.length > 5 ? Integer.parseInt(args[5]) : 4096;
        ModelConfig config = ModelConfig.named(name, vocab);
        int warmup = Math.max(3, steps / 10);

        List<EncodedItem> items = randomItems(batch * (steps + warmup), promptTokens, answerTokens, vocab);
        Trainer trainer = new Trainer(0, 2);
        int t = promptTokens + answerTokens;
        try (Transformer model = Transformer.initialize(config, 1)) {
            trainer.trainAll(model, items.subList(0, batch * warmup),
                    new TrainingConfig(1, batch, 0, AdamWConfig.of(1e-3).withWarmup(10), 1), null);
            Trainer.Result result = trainer.trainAll(model, items.subList(batch * warmup, items.size()),
                    new TrainingConfig(1, batch, 0, AdamWConfig.of(1e-3).withWarmup(10), 2), null);

            double flops = trainingFlops(config, result.paddedTokens(), result.answerTokens(), t);
            double achieved = flops / result.seconds();
            double reference = matMulFlopsPerSecond(config, batch * t);
            System.out.printf("config %s: %,d parameters (%,d outside embeddings), L=%d d=%d d_ff=%d heads=%d, threads %s%n",
                    config.name(), config.parameters(), config.nonEmbeddingParameters(), config.layers(), config.dModel(),
                    config.dFf(), config.heads(), System.getProperty("ai.djl.pytorch.num_threads", "default"));
            System.out.printf("%d steps of %d x %d tokens in %.2f s: %.0f tokens/s (%.0f ms/step)%n", result.steps(), batch, t,
                    result.seconds(), result.paddedTokens() / result.seconds(), 1000 * result.seconds() / result.steps());
            System.out.printf("training: %.1f GFLOP/s achieved (6 x non-embedding params x tokens + attention + head)%n",
                    achieved / 1e9);
            System.out.printf("libtorch matMul of the same shapes: %.1f GFLOP/s%n", reference / 1e9);
            System.out.printf("ratio: %.2f%n", achieved / reference);
        }
    }

    /**
     * Forward plus backward FLOPs: 6 per non-embedding parameter per token, attention scores and mixing
     * (12 L T d per token), and the output head on the scored positions only (6 d V per scored token).
     */
    public static double trainingFlops(ModelConfig c, long paddedTokens, long scoredTokens, int sequenceLength) {
        double dense = 6.0 * c.nonEmbeddingParameters() * paddedTokens;
        double attention = 12.0 * c.layers() * (double) sequenceLength * c.dModel() * paddedTokens;
        double head = 6.0 * c.dModel() * c.vocab() * scoredTokens;
        return dense + attention + head;
    }

    /** FLOP/s of the model's projection products, {@code (rows x d)(d x d)}, {@code (rows x d)(d x d_ff)} and back. */
    public static double matMulFlopsPerSecond(ModelConfig c, int rows) {
        int d = c.dModel();
        int f = c.dFf();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.randomNormal(new Shape(rows, d));
            NDArray h = manager.randomNormal(new Shape(rows, f));
            NDArray square = manager.randomNormal(new Shape(d, d));
            NDArray up = manager.randomNormal(new Shape(d, f));
            NDArray down = manager.randomNormal(new Shape(f, d));
            int upCount = c.mlp() == ModelConfig.Mlp.SWIGLU ? 2 : 1;
            double perRound = 2.0 * rows * d * (4.0 * d + upCount * f + f);
            int rounds = 0;
            long start = 0;
            while (true) {
                try (NDScope ignored = new NDScope()) {
                    for (int i = 0; i < 4; i++) {
                        x.matMul(square).getFloat(0, 0);
                    }
                    for (int i = 0; i < upCount; i++) {
                        x.matMul(up).getFloat(0, 0);
                    }
                    h.matMul(down).getFloat(0, 0);
                }
                rounds++;
                if (rounds == 3) {
                    start = System.nanoTime();
                } else if (rounds > 3 && System.nanoTime() - start > 3_000_000_000L) {
                    return perRound * (rounds - 3) / ((System.nanoTime() - start) / 1e9);
                }
            }
        }
    }

    private static List<EncodedItem> randomItems(int count, int promptTokens, int answerTokens, int vocab) {
        SplittableRandom random = new SplittableRandom(7);
        List<EncodedItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] prompt = random.ints(promptTokens, 3, vocab).toArray();
            prompt[0] = 1;
            items.add(new EncodedItem("r" + i, prompt, random.ints(answerTokens, 3, vocab).toArray()));
        }
        return items;
    }
}
