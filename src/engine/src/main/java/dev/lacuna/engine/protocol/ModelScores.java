package dev.lacuna.engine.protocol;

import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.metrics.AnswerProbability;
import dev.lacuna.engine.metrics.ExtractionStrength;
import dev.lacuna.engine.metrics.ModelUtility;
import dev.lacuna.engine.metrics.RougeL;
import dev.lacuna.engine.metrics.TruthRatio;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelScorer;
import dev.lacuna.engine.model.SharedPromptScorer;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

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

    /**
     * Seconds spent: {@code scoring} is everything but greedy {@code generation}; of it, {@code esPass} and
     * {@code likelihoodPass} are the two teacher-forced passes, which {@code bench sweep} shows apart. Outcome files
     * keep only the two sums, and read back with NaN for the passes.
     */
    public record Timing(double scoring, double generation, double esPass, double likelihoodPass) {

        /** The two sums an outcome file keeps, without the passes' split. */
        public Timing(double scoring, double generation) {
            this(scoring, generation, Double.NaN, Double.NaN);
        }
    }

    /** Items per pass: measured on the tiny model, 32 length-sorted items score 3x faster than 256 unsorted. */
    static final int BATCH = 32;
    private static final int GENERATION_MARGIN = 5;

    /**
     * Scores a model; {@code withUtility} false skips MU and truth ratios (calibration needs FS only). Each
     * kind of work runs as few batched passes as possible: one teacher-forced pass over forget and retain
     * for ES, one over every answer variant for probabilities and truth ratios (each question's prompt once), and
     * one batched greedy generation over all utility items.
     */
    public static ModelScores of(Transformer model, EvaluationData data, Tokenizer tokenizer, boolean withUtility) {
        return of(model, data, tokenizer, withUtility, shape -> { });
    }

    /** As above, telling {@code likelihoodPasses} the shape of every likelihood pass run (what bench sweep counts). */
    static ModelScores of(Transformer model, EvaluationData data, Tokenizer tokenizer, boolean withUtility,
                          Consumer<SharedPromptScorer.PassShape> likelihoodPasses) {
        long start = System.nanoTime();
        int pad = data.padId();
        List<EncodedItem> esItems = new ArrayList<>(data.forget());
        esItems.addAll(data.retain());
        boolean utility = withUtility && data.hasUtilityAndForgetQuality();
        double[] es;
        Map<String, double[]> esLosses = new HashMap<>();
        if (utility) {
            // the same pass also gives the losses of forget and retain, which the likelihood pass then skips
            ModelScorer.PassScores pass = withLossesInLengthOrder(model, esItems, pad);
            es = pass.extractionStrengths();
            for (int i = 0; i < esItems.size(); i++) {
                esLosses.put(sequenceKey(esItems.get(i)), pass.tokenLosses()[i]);
            }
        } else {
            es = inLengthOrder(esItems, sorted -> ModelScorer.extractionStrengths(model, sorted, pad, BATCH));
        }
        double esPass = (System.nanoTime() - start) / 1e9;
        double likelihoodPass = 0;
        int nf = data.forget().size();
        double fs = 1 - ExtractionStrength.mean(Arrays.copyOfRange(es, 0, nf));
        double rs = ExtractionStrength.mean(Arrays.copyOfRange(es, nf, es.length));
        double generation = 0;
        Double mu = null;
        double[] forgetRatios = null;
        if (utility) {
            List<List<EvaluationData.ScoredItem>> sets = new ArrayList<>();
            List<Boolean> retainLike = new ArrayList<>();
            sets.add(data.forgetEval());
            retainLike.add(true);
            for (Map.Entry<String, List<EvaluationData.ScoredItem>> set : data.utility().entrySet()) {
                sets.add(set.getValue());
                retainLike.add(Corpus.RETAIN_EVAL.equals(set.getKey()));
            }
            long l = System.nanoTime();
            double[] p = probabilities(model, variants(sets), esLosses, pad, likelihoodPasses);
            likelihoodPass = (System.nanoTime() - l) / 1e9;
            List<EvaluationData.ScoredItem> generated = new ArrayList<>();
            for (int s = 1; s < sets.size(); s++) {
                generated.addAll(sets.get(s));
            }
            long g = System.nanoTime();
            double[] rouge = rougeRecalls(model, generated, tokenizer);
            generation = (System.nanoTime() - g) / 1e9;
            int at = 0;
            int generatedAt = 0;
            List<Double> scores = new ArrayList<>();
            for (int s = 0; s < sets.size(); s++) {
                List<EvaluationData.ScoredItem> set = sets.get(s);
                boolean retainConventions = retainLike.get(s);
                double[] probability = new double[set.size()];
                double[] ratios = new double[set.size()];
                for (int i = 0; i < set.size(); i++) {
                    EvaluationData.ScoredItem item = set.get(i);
                    double original = p[at++];
                    double paraphrased = item.paraphrased() == null ? Double.NaN : p[at++];
                    double[] perturbed = Arrays.copyOfRange(p, at, at + item.perturbed().size());
                    at += item.perturbed().size();
                    probability[i] = retainConventions ? original : AnswerProbability.amongCandidates(original, perturbed);
                    ratios[i] = TruthRatio.of(retainConventions ? paraphrased : original, perturbed);
                }
                if (s == 0) {
                    forgetRatios = ratios;
                    continue;
                }
                double rougeSum = 0;
                for (int i = 0; i < set.size(); i++) {
                    rougeSum += rouge[generatedAt++];
                }
                scores.add(Arrays.stream(probability).average().orElseThrow());
                scores.add(rougeSum / set.size());
                scores.add(TruthRatio.utilityScore(ratios));
            }
            mu = ModelUtility.harmonicMean(scores.stream().mapToDouble(Double::doubleValue).toArray());
        }
        double total = (System.nanoTime() - start) / 1e9;
        return new ModelScores(fs, rs, mu, forgetRatios, new Timing(total - generation, generation, esPass, likelihoodPass));
    }

    /**
     * FS alone, 1 - mean ES on the forget set: all a calibration probe asks. {@link #of} with {@code withUtility}
     * false also scores the retain set for RS, on TOFU 3,600 of its 4,000 sequences. The same number as
     * {@code of(...).fs()}: an item's ES does not depend on the other items of its batch, and the mean sums the
     * forget items in the same order.
     */
    public static double forgetScore(Transformer model, EvaluationData data) {
        double[] es = inLengthOrder(data.forget(), sorted -> ModelScorer.extractionStrengths(model, sorted, data.padId(), BATCH));
        return 1 - ExtractionStrength.mean(es);
    }

    /** Every answer variant of the sets, in set and item order: original, paraphrased if any, the perturbed ones. */
    static List<EncodedItem> variants(List<List<EvaluationData.ScoredItem>> sets) {
        List<EncodedItem> variants = new ArrayList<>();
        for (List<EvaluationData.ScoredItem> set : sets) {
            for (EvaluationData.ScoredItem item : set) {
                variants.add(item.original());
                if (item.paraphrased() != null) {
                    variants.add(item.paraphrased());
                }
                variants.addAll(item.perturbed());
            }
        }
        return variants;
    }

    /**
     * Length-normalised probability of each item's answer: from {@code known} token losses (by {@link #sequenceKey})
     * where it has the item's sequence, the others scored in passes of at most {@value #BATCH} items.
     */
    static double[] probabilities(Transformer model, List<EncodedItem> items, Map<String, double[]> known, int pad) {
        return probabilities(model, items, known, pad, shape -> { });
    }

    private static double[] probabilities(Transformer model, List<EncodedItem> items, Map<String, double[]> known, int pad,
                                          Consumer<SharedPromptScorer.PassShape> passes) {
        double[] out = new double[items.size()];
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            double[] losses = known.get(sequenceKey(items.get(i)));
            if (losses == null) {
                unknown.add(i);
            } else {
                out[i] = AnswerProbability.fromTokenLosses(losses);
            }
        }
        double[] scored = Arrays.stream(SharedPromptScorer.answerTokenLosses(model, unknown.stream().map(items::get).toList(),
                pad, passes)).mapToDouble(AnswerProbability::fromTokenLosses).toArray();
        for (int k = 0; k < scored.length; k++) {
            out[unknown.get(k)] = scored[k];
        }
        return out;
    }

    /** Prompt and answer ids: items with equal keys are the same sequence and score alike. */
    static String sequenceKey(EncodedItem item) {
        return Arrays.toString(item.prompt()) + "|" + Arrays.toString(item.answer());
    }

    /**
     * ES and token losses of every item, in passes of at most {@value #BATCH} length-sorted items (the batches of
     * {@link ModelScorer#extractionStrengths(Transformer, List, int, int)}), in the items' order.
     */
    static ModelScorer.PassScores withLossesInLengthOrder(Transformer model, List<EncodedItem> items, int pad) {
        Integer[] order = sortedOrder(items, i -> i.prompt().length + i.answer().length);
        List<EncodedItem> sorted = new ArrayList<>(items.size());
        for (int i : order) {
            sorted.add(items.get(i));
        }
        List<double[]> esOfBatches = new ArrayList<>();
        List<double[]> losses = inBatches(sorted, slice -> {
            ModelScorer.PassScores pass = ModelScorer.scoresWithLosses(model, slice, pad);
            esOfBatches.add(pass.extractionStrengths());
            return Arrays.asList(pass.tokenLosses());
        });
        double[] esSorted = esOfBatches.stream().flatMapToDouble(Arrays::stream).toArray();
        double[] es = new double[items.size()];
        double[][] lossesOut = new double[items.size()][];
        for (int k = 0; k < order.length; k++) {
            es[order[k]] = esSorted[k];
            lossesOut[order[k]] = losses.get(k);
        }
        return new ModelScorer.PassScores(es, lossesOut);
    }

    /**
     * Length-normalised probability of each item's answer, each distinct prompt run once and its answers against its
     * keys and values ({@link SharedPromptScorer}: the same floats as scoring each whole sequence).
     */
    static double[] probabilities(Transformer model, List<EncodedItem> items, int pad) {
        return probabilities(model, items, Map.of(), pad);
    }

    /**
     * Applies a per-item scorer to the items sorted by length (so each batch holds similar lengths and
     * little padding) and returns the scores in the original order. Scores do not depend on the batching.
     */
    static double[] inLengthOrder(List<EncodedItem> items, Function<List<EncodedItem>, double[]> scorer) {
        Integer[] order = sortedOrder(items, i -> i.prompt().length + i.answer().length);
        List<EncodedItem> sorted = new ArrayList<>(items.size());
        for (int i : order) {
            sorted.add(items.get(i));
        }
        double[] scores = scorer.apply(sorted);
        double[] out = new double[items.size()];
        for (int k = 0; k < order.length; k++) {
            out[order[k]] = scores[k];
        }
        return out;
    }

    /** The item indices, stably sorted by {@code length}. */
    private static Integer[] sortedOrder(List<EncodedItem> items, ToIntFunction<EncodedItem> length) {
        Integer[] order = new Integer[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> length.applyAsInt(items.get(i))));
        return order;
    }

    /**
     * {@code pass} over consecutive slices of at most {@value #BATCH} items (never an empty one), its answers
     * concatenated in item order. One slice is one batched forward pass.
     */
    static <R> List<R> inBatches(List<EncodedItem> items, Function<List<EncodedItem>, List<R>> pass) {
        List<R> out = new ArrayList<>(items.size());
        for (int start = 0; start < items.size(); start += BATCH) {
            List<EncodedItem> slice = items.subList(start, Math.min(items.size(), start + BATCH));
            List<R> answers = pass.apply(slice);
            if (answers.size() != slice.size()) {
                throw new IllegalStateException(slice.size() + " items in a pass, " + answers.size() + " answers");
            }
            out.addAll(answers);
        }
        return out;
    }

    /** ROUGE-L recall of each item's greedy generation (answer length plus a margin, cut at EOS) against its answer. */
    static double[] rougeRecalls(Transformer model, List<EvaluationData.ScoredItem> items, Tokenizer tokenizer) {
        List<EncodedItem> originals = items.stream().map(EvaluationData.ScoredItem::original).toList();
        int[][] generated = greedyInLengthOrder(originals,
                group -> greedyBatch(model, group, tokenizer.padId(), tokenizer.eosId()));
        double[] out = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
            out[i] = RougeL.recall(tokenizer.decode(generated[i]), items.get(i).answerText());
        }
        return out;
    }

    /**
     * {@code generate} over prompt-length-sorted groups of at most {@value #BATCH} (a batched decoder pads
     * prompts to the longest in the group), results in the original order.
     */
    static int[][] greedyInLengthOrder(List<EncodedItem> items, Function<List<EncodedItem>, int[][]> generate) {
        Integer[] order = sortedOrder(items, i -> i.prompt().length);
        List<EncodedItem> sorted = new ArrayList<>(items.size());
        for (int i : order) {
            sorted.add(items.get(i));
        }
        List<int[]> generated = inBatches(sorted, group -> Arrays.asList(generate.apply(group)));
        int[][] out = new int[items.size()][];
        for (int k = 0; k < order.length; k++) {
            out[order[k]] = generated.get(k);
        }
        return out;
    }

    /** Greedy continuations (answer length plus a margin, cut at EOS) with the model's cached decoder. */
    static int[][] greedyBatch(Transformer model, List<EncodedItem> items, int pad, int eos) {
        int[] limits = new int[items.size()];
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            limits[i] = items.get(i).answer().length + GENERATION_MARGIN;
            prompts.add(items.get(i).prompt());
        }
        return model.greedyBatch(prompts, limits, eos);
    }
}
