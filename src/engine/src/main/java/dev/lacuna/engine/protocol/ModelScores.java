package dev.lacuna.engine.protocol;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lacuna.engine.metrics.AnswerProbability;
import dev.lacuna.engine.metrics.ExtractionStrength;
import dev.lacuna.engine.metrics.ModelUtility;
import dev.lacuna.engine.metrics.RougeL;
import dev.lacuna.engine.metrics.TruthRatio;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelScorer;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The numbers of one model on a testbed's data: FS and RS from the one-pass Extraction Strength and, where
 * the data has truth-ratio sets, Model Utility and the forget set's per-item truth ratios (FQ compares them
 * with theta_r's).
 *
 * @param fs                 1 - mean ES on the forget set
 * @param rs                 mean ES on the retain set
 * @param modelUtility       MU, or null without utility sets
 * @param forgetTruthRatios  R per forget item, or null without perturbed forget answers
 * @param seconds            time spent, split into teacher-forced scoring and generation
 */
public record ModelScores(double fs, double rs, Double modelUtility, double[] forgetTruthRatios, Timing seconds) {

    /** Seconds spent on teacher-forced passes and on greedy generation. */
    public record Timing(double scoring, double generation) {
    }

    private static final int BATCH = 256;
    private static final int GENERATION_MARGIN = 5;

    /** Scores a model; {@code withUtility} false skips MU and truth ratios (calibration needs FS only). */
    public static ModelScores of(Transformer model, EvaluationData data, Tokenizer tokenizer, boolean withUtility) {
        long start = System.nanoTime();
        int pad = data.padId();
        double fs = 1 - ExtractionStrength.mean(ModelScorer.extractionStrengths(model, data.forget(), pad, BATCH));
        double rs = ExtractionStrength.mean(ModelScorer.extractionStrengths(model, data.retain(), pad, BATCH));
        double generation = 0;
        Double mu = null;
        double[] forgetRatios = null;
        if (withUtility && data.hasUtilityAndForgetQuality()) {
            forgetRatios = truthRatios(model, data.forgetEval(), true, pad);
            List<Double> scores = new ArrayList<>();
            for (Map.Entry<String, List<EvaluationData.ScoredItem>> set : data.utility().entrySet()) {
                boolean retainLike = dev.lacuna.engine.data.Corpus.RETAIN_EVAL.equals(set.getKey());
                List<EvaluationData.ScoredItem> items = set.getValue();
                scores.add(probabilityScore(model, items, retainLike, pad));
                long g = System.nanoTime();
                scores.add(rougeScore(model, items, tokenizer));
                generation += (System.nanoTime() - g) / 1e9;
                scores.add(TruthRatio.utilityScore(truthRatios(model, items, retainLike, pad)));
            }
            mu = ModelUtility.harmonicMean(scores.stream().mapToDouble(Double::doubleValue).toArray());
        }
        double total = (System.nanoTime() - start) / 1e9;
        return new ModelScores(fs, rs, mu, forgetRatios, new Timing(total - generation, generation));
    }

    private static double[] probabilities(Transformer model, List<EncodedItem> items, int pad) {
        double[] out = new double[items.size()];
        for (int start = 0; start < items.size(); start += BATCH) {
            int end = Math.min(items.size(), start + BATCH);
            double[][] losses = ModelScorer.answerTokenLosses(model, items.subList(start, end), pad);
            for (int i = 0; i < losses.length; i++) {
                out[start + i] = AnswerProbability.fromTokenLosses(losses[i]);
            }
        }
        return out;
    }

    /** Mean P (retain conventions) or mean P_true / (P_true + sum P_perturbed) (other utility sets). */
    static double probabilityScore(Transformer model, List<EvaluationData.ScoredItem> items, boolean retainLike, int pad) {
        double[] p = probabilities(model, items.stream().map(EvaluationData.ScoredItem::original).toList(), pad);
        if (retainLike) {
            return Arrays.stream(p).average().orElseThrow();
        }
        double sum = 0;
        for (int i = 0; i < items.size(); i++) {
            sum += AnswerProbability.amongCandidates(p[i], probabilities(model, items.get(i).perturbed(), pad));
        }
        return sum / items.size();
    }

    /** Per-item truth ratio against the paraphrase ({@code paraphrased}) or the original answer. */
    static double[] truthRatios(Transformer model, List<EvaluationData.ScoredItem> items, boolean paraphrased, int pad) {
        List<EncodedItem> all = new ArrayList<>();
        for (EvaluationData.ScoredItem item : items) {
            all.add(paraphrased ? item.paraphrased() : item.original());
            all.addAll(item.perturbed());
        }
        double[] p = probabilities(model, all, pad);
        double[] ratios = new double[items.size()];
        int at = 0;
        for (int i = 0; i < items.size(); i++) {
            int k = items.get(i).perturbed().size();
            ratios[i] = TruthRatio.of(p[at], Arrays.copyOfRange(p, at + 1, at + 1 + k));
            at += 1 + k;
        }
        return ratios;
    }

    /** Mean ROUGE-L recall of greedy generations (answer length plus a margin, cut at EOS) against the answers. */
    static double rougeScore(Transformer model, List<EvaluationData.ScoredItem> items, Tokenizer tokenizer) {
        List<EncodedItem> originals = items.stream().map(EvaluationData.ScoredItem::original).toList();
        int[][] generated = greedyBatch(model, originals, tokenizer.padId(), tokenizer.eosId());
        double sum = 0;
        for (int i = 0; i < items.size(); i++) {
            sum += RougeL.recall(tokenizer.decode(generated[i]), items.get(i).answerText());
        }
        return sum / items.size();
    }

    /**
     * Greedy continuations of every prompt, all items in one forward pass per generated token: right padding
     * and the causal mask keep each sequence's last position independent of the others.
     */
    static int[][] greedyBatch(Transformer model, List<EncodedItem> items, int pad, int eos) {
        int n = items.size();
        int[][] out = new int[n][];
        int[] limits = new int[n];
        List<int[]> sequences = new ArrayList<>();
        int longest = 0;
        for (int i = 0; i < n; i++) {
            limits[i] = items.get(i).answer().length + GENERATION_MARGIN;
            sequences.add(items.get(i).prompt().clone());
            longest = Math.max(longest, limits[i]);
        }
        List<List<Integer>> produced = new ArrayList<>();
        boolean[] finished = new boolean[n];
        for (int i = 0; i < n; i++) {
            produced.add(new ArrayList<>());
        }
        int context = model.config().context();
        for (int step = 0; step < longest; step++) {
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!finished[i] && produced.get(i).size() < limits[i] && sequences.get(i).length < context) {
                    active.add(i);
                } else {
                    finished[i] = true;
                }
            }
            if (active.isEmpty()) {
                break;
            }
            int length = active.stream().mapToInt(i -> sequences.get(i).length).max().orElseThrow();
            int[] tokens = new int[active.size() * length];
            Arrays.fill(tokens, pad);
            long[] positions = new long[active.size()];
            int[] targets = new int[active.size()];
            int[] lengths = new int[active.size()];
            for (int b = 0; b < active.size(); b++) {
                int[] seq = sequences.get(active.get(b));
                System.arraycopy(seq, 0, tokens, b * length, seq.length);
                positions[b] = (long) b * length + seq.length - 1;
                lengths[b] = 1;
            }
            long[] next;
            try (NDScope ignored = new NDScope()) {
                NDArray logits = model.logits(new TokenBatch(active.size(), length, tokens, positions, targets, lengths));
                next = logits.argMax(-1).toType(DataType.INT64, false).toLongArray();
            }
            for (int b = 0; b < active.size(); b++) {
                int i = active.get(b);
                int token = (int) next[b];
                if (token == eos) {
                    finished[i] = true;
                    continue;
                }
                produced.get(i).add(token);
                int[] seq = Arrays.copyOf(sequences.get(i), sequences.get(i).length + 1);
                seq[seq.length - 1] = token;
                sequences.set(i, seq);
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] = produced.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
