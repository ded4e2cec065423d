package dev.lacuna.engine.protocol;

import dev.lacuna.engine.metrics.AnswerProbability;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.ModelScorer;
import dev.lacuna.engine.model.SharedPromptScorer;
import dev.lacuna.engine.model.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How close one mixing point's scoring runs to the machine's matrix-multiply limit, pass by pass, on a real testbed's
 * data: the teacher-forced ES pass over forget and retain, the likelihood pass over every answer variant, and greedy
 * generation with and without the key/value cache. Each pass runs exactly as {@link ModelScores#of} runs it (same
 * items, same length-sorted batches of {@value ModelScores#BATCH}), so its FLOPs are counted from those batches'
 * padded shapes; the command line compares them with libtorch's matrix products of the same row count
 * ({@link dev.lacuna.engine.training.ThroughputBenchmark#matMulFlopsPerSecond}), timed in the same process.
 */
public final class ScoringBenchmark {

    /** Sequences scored without the cache: enough to time, few enough that the quadratic decoder stays short. */
    static final int UNCACHED_SEQUENCES = 16;

    private ScoringBenchmark() {
    }

    /**
     * One teacher-forced pass.
     *
     * @param paddedTokens B x T summed over its batches: the positions the model computes
     * @param scoredTokens answer positions, where the output head runs
     * @param flops        forward FLOPs of those batches ({@link #forwardFlops})
     */
    public record Pass(String name, int sequences, int batches, long paddedTokens, long scoredTokens, double flops,
                       double seconds) {

        public double flopsPerSecond() {
            return flops / seconds;
        }

        /** Mean rows of a batch's matrix products, the shape the matMul reference is timed at. */
        public int rowsPerBatch() {
            return (int) Math.max(1, paddedTokens / Math.max(1, batches));
        }
    }

    /** Greedy generation over the utility sets' prompts, with the cache and, on the first few, without. */
    public record Generation(int sequences, long tokens, double seconds, int uncachedSequences, long uncachedTokens,
                             double uncachedSeconds) {

        public double tokensPerSecond() {
            return tokens / seconds;
        }

        public double uncachedTokensPerSecond() {
            return uncachedTokens / uncachedSeconds;
        }
    }

    /**
     * One mixing point as a sweep computes it, stage by stage: writing the region's rows, then {@link ModelScores#of}
     * with utility (the ES pass, the likelihood pass, generation, and the rest: assembling the metrics).
     *
     * @param regionSize value vectors mixed
     * @param es         the ES pass, FLOPs counted from its batches
     * @param likelihood the likelihood pass, FLOPs counted from the shapes of the passes it ran
     */
    public record Point(double alpha, int regionSize, double mixingSeconds, ModelScores scores, Pass es, Pass likelihood) {

        /** Seconds of the whole point, mixing included. */
        public double seconds() {
            return mixingSeconds + scores.seconds().scoring() + scores.seconds().generation();
        }

        /** Seconds of the point not spent mixing, in the two passes or generating. */
        public double otherSeconds() {
            return scores.seconds().scoring() - es.seconds() - likelihood.seconds();
        }
    }

    /**
     * A mixing point without a plugin: theta_o moved toward theta_r by {@code alpha} in V_tgt. theta_o is theta_r
     * trained in V_tgt alone, so the two differ exactly there, and alpha = 1 is a model that never saw the forget set:
     * a point with the sizes and costs of a real sweep's. Runs once after a warm-up point at the same alpha. For
     * data with utility sets (the command line refuses others: there a point is the ES pass alone).
     */
    public static Point mixingPoint(SeedTestbed seed, double alpha) {
        try (Transformer mixed = seed.thetaO().copy()) {
            RegionMixer mixer = new RegionMixer(mixed, seed.thetaO(), seed.thetaR(), seed.target());
            mixer.mix(alpha);
            ModelScores.of(mixed, seed.data(), seed.tokenizer(), true);
            mixer.mix(0);
            long start = System.nanoTime();
            mixer.mix(alpha);
            double mixing = (System.nanoTime() - start) / 1e9;
            List<SharedPromptScorer.PassShape> shapes = new ArrayList<>();
            ModelScores scores = ModelScores.of(mixed, seed.data(), seed.tokenizer(), true, shapes::add);
            List<EncodedItem> esItems = new ArrayList<>(seed.data().forget());
            esItems.addAll(seed.data().retain());
            Pass es = pass("ES", mixed.config(), esItems, scores.seconds().esPass());
            Pass likelihood = likelihoodPass(mixed.config(), likelihoodVariants(seed.data()).size(), shapes,
                    scores.seconds().likelihoodPass());
            return new Point(alpha, seed.target().size(), mixing, scores, es, likelihood);
        }
    }

    /** The ES pass of {@link ModelScores#of}, timed, after one untimed warm-up run. */
    public static Pass extractionStrength(Transformer model, EvaluationData data) {
        List<EncodedItem> items = new ArrayList<>(data.forget());
        items.addAll(data.retain());
        ModelScorer.extractionStrengths(model, items, data.padId(), ModelScores.BATCH);
        long start = System.nanoTime();
        ModelScorer.extractionStrengths(model, items, data.padId(), ModelScores.BATCH);
        return pass("ES", model.config(), items, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The likelihood pass of {@link ModelScores#of}: every answer variant but the forget and retain originals (whose
     * losses the ES pass gives), each prompt and shared answer stem once ({@link SharedPromptScorer}), timed after a
     * warm-up; its FLOPs are those of the passes it ran.
     */
    public static Pass likelihood(Transformer model, EvaluationData data) {
        List<EncodedItem> variants = likelihoodVariants(data);
        SharedPromptScorer.answerTokenLosses(model, variants, data.padId());
        List<SharedPromptScorer.PassShape> shapes = new ArrayList<>();
        long start = System.nanoTime();
        SharedPromptScorer.answerTokenLosses(model, variants, data.padId(), shapes::add);
        return likelihoodPass(model.config(), variants.size(), shapes, (System.nanoTime() - start) / 1e9);
    }

    private static Pass likelihoodPass(ModelConfig config, int sequences, List<SharedPromptScorer.PassShape> shapes,
                                       double seconds) {
        long positions = 0;
        long scored = 0;
        double flops = 0;
        for (SharedPromptScorer.PassShape s : shapes) {
            positions += (long) s.batch() * s.queries();
            scored += s.scored();
            flops += forwardFlops(config, s.batch(), s.queries(), s.keys(), s.scored());
        }
        return new Pass("likelihood", sequences, shapes.size(), positions, scored, flops, seconds);
    }

    /**
     * Every variant scored one whole sequence each, in the ES pass's length-sorted batches: how the likelihood pass
     * ran before prompts were shared and originals taken from the ES pass, timed after a warm-up, for the speed-up.
     */
    public static Pass likelihoodOfWholeSequences(Transformer model, EvaluationData data) {
        List<EncodedItem> variants = variants(data);
        ModelScores.inLengthOrder(variants, sorted -> wholeSequenceLosses(model, sorted, data.padId()));
        long start = System.nanoTime();
        ModelScores.inLengthOrder(variants, sorted -> wholeSequenceLosses(model, sorted, data.padId()));
        return pass("likelihood, whole sequences", model.config(), variants, (System.nanoTime() - start) / 1e9);
    }

    private static double[] wholeSequenceLosses(Transformer model, List<EncodedItem> sorted, int pad) {
        return ModelScores.inBatches(sorted, slice -> Arrays.stream(ModelScorer.answerTokenLosses(model, slice, pad))
                .map(AnswerProbability::fromTokenLosses).toList()).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The variants the protocol's likelihood pass scores: all of them but the sequences of the ES pass. */
    public static List<EncodedItem> likelihoodVariants(EvaluationData data) {
        Set<String> esPass = new HashSet<>();
        data.forget().forEach(i -> esPass.add(ModelScores.sequenceKey(i)));
        data.retain().forEach(i -> esPass.add(ModelScores.sequenceKey(i)));
        return variants(data).stream().filter(v -> !esPass.contains(ModelScores.sequenceKey(v))).toList();
    }

    /** Every answer variant (original, paraphrased, perturbed) of the forget and utility sets. */
    public static List<EncodedItem> variants(EvaluationData data) {
        List<List<EvaluationData.ScoredItem>> sets = new ArrayList<>();
        sets.add(data.forgetEval());
        sets.addAll(data.utility().values());
        return ModelScores.variants(sets);
    }

    /**
     * Generation as {@link ModelScores#of} runs it (cached, batched), timed after a warm-up run, then the first few
     * prompts one token per full pass.
     */
    public static Generation generation(Transformer model, EvaluationData data, int eos) {
        List<EncodedItem> originals = new ArrayList<>();
        data.utility().values().forEach(set -> set.forEach(item -> originals.add(item.original())));
        ModelScores.greedyInLengthOrder(originals, group -> ModelScores.greedyBatch(model, group, data.padId(), eos));
        long start = System.nanoTime();
        int[][] generated = ModelScores.greedyInLengthOrder(originals,
                group -> ModelScores.greedyBatch(model, group, data.padId(), eos));
        double seconds = (System.nanoTime() - start) / 1e9;
        long tokens = 0;
        for (int[] g : generated) {
            tokens += g.length;
        }
        int uncached = Math.min(UNCACHED_SEQUENCES, originals.size());
        long uncachedTokens = 0;
        long uncachedStart = System.nanoTime();
        for (int i = 0; i < uncached; i++) {
            // as many tokens as the cached decoder produced for this prompt, so both do the same work
            int[] out = model.greedy(originals.get(i).prompt(), generated[i].length);
            uncachedTokens += out.length;
        }
        return new Generation(originals.size(), tokens, seconds, uncached, uncachedTokens, (System.nanoTime() - uncachedStart) / 1e9);
    }

    /**
     * Forward FLOPs of one batch of {@code batch} sequences padded to {@code length}: 2 per non-embedding parameter
     * per position, attention scores and mixing over the full T x T (4 L T d per position, as the model computes
     * them), and the output head on the scored positions only (2 d V each).
     */
    public static double forwardFlops(ModelConfig c, int batch, int length, long scored) {
        return forwardFlops(c, batch, length, length, scored);
    }

    /** As above for {@code queries} positions per sequence attending over {@code keys} (a pass after cached ones). */
    public static double forwardFlops(ModelConfig c, int batch, int queries, int keys, long scored) {
        double positions = (double) batch * queries;
        return 2.0 * c.nonEmbeddingParameters() * positions + 4.0 * c.layers() * (double) keys * c.dModel() * positions
                + 2.0 * c.dModel() * (double) c.vocab() * scored;
    }

    /** The pass's batches as the scorers form them: stably sorted by prompt + answer length, slices of the batch size. */
    private static Pass pass(String name, ModelConfig config, List<EncodedItem> items, double seconds) {
        List<EncodedItem> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(i -> i.prompt().length + i.answer().length));
        long padded = 0;
        long scored = 0;
        double flops = 0;
        int batches = 0;
        for (int start = 0; start < sorted.size(); start += ModelScores.BATCH) {
            List<EncodedItem> slice = sorted.subList(start, Math.min(sorted.size(), start + ModelScores.BATCH));
            int length = slice.stream().mapToInt(i -> i.prompt().length + i.answer().length).max().orElse(0);
            long answers = slice.stream().mapToLong(i -> i.answer().length).sum();
            padded += (long) slice.size() * length;
            scored += answers;
            flops += forwardFlops(config, slice.size(), length, answers);
            batches++;
        }
        return new Pass(name, items.size(), batches, padded, scored, flops, seconds);
    }

}
