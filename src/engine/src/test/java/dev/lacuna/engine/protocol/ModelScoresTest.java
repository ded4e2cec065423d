package dev.lacuna.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDScope;
import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.metrics.RougeL;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelScorer;
import dev.lacuna.engine.model.SharedPromptScorer;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.protocol.MicroTestbeds.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How {@link ModelScores} assembles TOFU's numbers, on hand-built data and a partly trained micro model,
 * against values computed here from first principles: each answer's length-normalised probability from
 * the model's logits of that item alone, log-softmax in double precision; Extraction Strength by literal
 * greedy decoding; ROUGE-L of an uncached greedy generation. Pinned conventions (docs/metrics.md, TOFU):
 * <ul>
 *   <li>forget and retain sets: truth ratio against the <em>paraphrased</em> answer, probability of the
 *       original answer as it is;</li>
 *   <li>real authors and world facts: truth ratio against the <em>original</em> answer (a paraphrase, if
 *       present, is ignored), probability among candidates {@code P / (P + sum P_perturbed)};</li>
 *   <li>Model Utility: the harmonic mean of exactly nine numbers, {probability, ROUGE-L recall,
 *       truth-ratio score} of the three utility sets, nothing of the forget set;</li>
 *   <li>the forget truth ratios (the input of FQ): one per forget item, in order.</li>
 * </ul>
 * Every convention is checked to matter on this data: the other choice moves the result by far more than
 * the tolerance.
 */
class ModelScoresTest {

    /**
     * Relative tolerance. The harness computes log-softmax in float32 over length-sorted batches of items
     * padded to a common length, this test in double over each item alone, from the same float32 logits.
     * A float32 log-softmax of logits of order 10 is off by a few ulp of 10 (2^-23 * 10 ~ 1e-6) per token,
     * so a length-normalised probability (exp of a mean) carries a relative error of about 1e-6, a truth
     * ratio (a quotient of such) about 2e-6, and a mean or harmonic mean of such numbers no more than that.
     * 1e-5 leaves a factor of 5 to 10; {@link #theIndependentProbabilitiesAgreeWithTheHarnessWellInsideTheTolerance}
     * measures the actual gap.
     */
    private static final double TOL = 1e-5;
    /** An alternative convention must move a number by at least this factor times the tolerance. */
    private static final double DISTINCT = 100;

    private static final int PAD = MicroTestbeds.TOKENIZER.padId();
    private static final int EOS = MicroTestbeds.TOKENIZER.eosId();

    private static List<EvaluationData.ScoredItem> forget;
    private static List<EvaluationData.ScoredItem> retainEval;
    private static List<EvaluationData.ScoredItem> realAuthors;
    private static List<EvaluationData.ScoredItem> worldFacts;
    private static EvaluationData data;
    private static Transformer model;

    @BeforeAll
    static void scoreAPartlyTrainedModel() {
        forget = withNearMiss(MicroTestbeds.items("forget", 4, 1, Kind.TOWN, "!", 3));
        List<EvaluationData.ScoredItem> retain = withNearMiss(MicroTestbeds.items("retain", 3, 2, Kind.HUE, "!", 2));
        retainEval = retain;
        // real authors carry a paraphrase, which their conventions must ignore
        realAuthors = withNearMiss(MicroTestbeds.items("authors", 3, 3, Kind.PET, "!", 3));
        worldFacts = withNearMiss(MicroTestbeds.items("world", 3, 4, Kind.GEM, null, 2));
        Map<String, List<EvaluationData.ScoredItem>> utility = new LinkedHashMap<>();
        utility.put(Corpus.RETAIN_EVAL, retainEval);
        utility.put(MicroTestbeds.REAL_AUTHORS, realAuthors);
        utility.put(MicroTestbeds.WORLD_FACTS, worldFacts);
        List<EncodedItem> preferred = forget.stream()
                .map(f -> new EncodedItem(f.original().id() + "/preferred", f.original().prompt(), f.perturbed().get(0).answer()))
                .toList();
        data = new EvaluationData(MicroTestbeds.originals(forget), MicroTestbeds.originals(retain), preferred, forget, utility, PAD);
        // the original answers, except the last forget item's (so ES is neither all 0 nor all 1); never a
        // paraphrase or a perturbed answer, so all three differ in probability
        List<EncodedItem> learned = new ArrayList<>();
        for (List<EvaluationData.ScoredItem> set : List.of(forget.subList(0, 3), retainEval, realAuthors, worldFacts)) {
            learned.addAll(MicroTestbeds.originals(set));
        }
        model = MicroTestbeds.trained(Transformer.initialize(MicroTestbeds.MICRO, 3), learned, 40, 1e-2, 3);
    }

    /**
     * Scores the model, inside the calling test rather than once for the class: a mutation-testing tool
     * credits code that runs in {@code @BeforeAll} to one test only, and would then run only that test
     * against a change in the scoring.
     */
    private static ModelScores score() {
        return ModelScores.of(model, data, MicroTestbeds.TOKENIZER, true);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /**
     * The items with their first perturbed answer replaced by the original with its last character changed:
     * a wrong answer the model finds nearly as likely as the right one, so that probability among
     * candidates and plain probability differ clearly.
     */
    static List<EvaluationData.ScoredItem> withNearMiss(List<EvaluationData.ScoredItem> items) {
        int x = MicroTestbeds.TOKENIZER.encode("x")[0];
        int z = MicroTestbeds.TOKENIZER.encode("z")[0];
        List<EvaluationData.ScoredItem> out = new ArrayList<>();
        for (EvaluationData.ScoredItem item : items) {
            int[] answer = item.original().answer().clone();
            answer[answer.length - 1] = answer[answer.length - 1] == x ? z : x;
            List<EncodedItem> perturbed = new ArrayList<>(item.perturbed());
            perturbed.set(0, new EncodedItem(perturbed.get(0).id(), item.original().prompt(), answer));
            out.add(new EvaluationData.ScoredItem(item.original(), item.paraphrased(), perturbed, item.answerText()));
        }
        return out;
    }

    /** exp(-mean NLL) of the answer tokens, from this item's logits alone with a double-precision log-softmax. */
    static double probability(EncodedItem item) {
        try (NDScope ignored = new NDScope()) {
            TokenBatch batch = TokenBatch.of(List.of(item), PAD, -1);
            float[] logits = model.logits(batch).toFloatArray();
            int vocab = MicroTestbeds.MICRO.vocab();
            int n = item.answer().length;
            assertThat(logits).hasSize(n * vocab);
            double nll = 0;
            for (int t = 0; t < n; t++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) {
                    max = Math.max(max, logits[t * vocab + v]);
                }
                double sum = 0;
                for (int v = 0; v < vocab; v++) {
                    sum += Math.exp(logits[t * vocab + v] - max);
                }
                nll += max + Math.log(sum) - logits[t * vocab + item.answer()[t]];
            }
            return Math.exp(-nll / n);
        }
    }

    /** Geometric mean of the perturbed answers' probabilities over the probability of the given correct answer. */
    static double truthRatio(EncodedItem correct, List<EncodedItem> perturbed) {
        double logs = 0;
        for (EncodedItem p : perturbed) {
            logs += Math.log(probability(p));
        }
        return Math.exp(logs / perturbed.size()) / probability(correct);
    }

    static double amongCandidates(EvaluationData.ScoredItem item) {
        double p = probability(item.original());
        double all = p;
        for (EncodedItem w : item.perturbed()) {
            all += probability(w);
        }
        return p / all;
    }

    /** ROUGE-L recall of the uncached greedy continuation (answer length + 5 tokens, cut at EOS) against the answer. */
    static double rouge(EvaluationData.ScoredItem item) {
        int[] generated = model.greedy(item.original().prompt(), item.original().answer().length + 5);
        int end = 0;
        while (end < generated.length && generated[end] != EOS) {
            end++;
        }
        return RougeL.recall(MicroTestbeds.TOKENIZER.decode(Arrays.copyOf(generated, end)), item.answerText());
    }

    /** Which answer a set's truth ratio takes as correct, and how it scores probability. */
    enum Conventions { RETAIN, AMONG_CANDIDATES }

    /** {probability, ROUGE-L, truth-ratio score} of a set under the given conventions. */
    static double[] setScores(List<EvaluationData.ScoredItem> set, Conventions probability, boolean paraphraseIsCorrect) {
        double p = 0;
        double r = 0;
        double tr = 0;
        for (EvaluationData.ScoredItem item : set) {
            p += probability == Conventions.RETAIN ? probability(item.original()) : amongCandidates(item);
            r += rouge(item);
            tr += Math.max(0, 1 - truthRatio(paraphraseIsCorrect ? item.paraphrased() : item.original(), item.perturbed()));
        }
        return new double[] {p / set.size(), r / set.size(), tr / set.size()};
    }

    static double harmonicMean(double... values) {
        double reciprocals = 0;
        for (double v : values) {
            reciprocals += 1 / v;
        }
        return values.length / reciprocals;
    }

    static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[] retainSet() {
        return setScores(retainEval, Conventions.RETAIN, true);
    }

    private static double[] authorsSet() {
        return setScores(realAuthors, Conventions.AMONG_CANDIDATES, false);
    }

    private static double[] worldSet() {
        return setScores(worldFacts, Conventions.AMONG_CANDIDATES, false);
    }

    private static void assertRelativelyClose(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(TOL * Math.abs(expected)));
    }

    private static void assertDistinct(String what, double alternative, double expected) {
        assertThat(Math.abs(alternative - expected)).as(what + " must matter on this data")
                .isGreaterThan(DISTINCT * TOL * Math.abs(expected));
    }

    @Test
    void theIndependentProbabilitiesAgreeWithTheHarnessWellInsideTheTolerance() {
        List<EncodedItem> variants = new ArrayList<>();
        for (List<EvaluationData.ScoredItem> set : List.of(forget, retainEval, realAuthors, worldFacts)) {
            for (EvaluationData.ScoredItem item : set) {
                variants.add(item.original());
                if (item.paraphrased() != null) {
                    variants.add(item.paraphrased());
                }
                variants.addAll(item.perturbed());
            }
        }
        double[] harness = ModelScores.probabilities(model, variants, PAD);
        double worst = 0;
        for (int i = 0; i < variants.size(); i++) {
            worst = Math.max(worst, Math.abs(harness[i] / probability(variants.get(i)) - 1));
        }
        assertThat(worst).isLessThan(TOL / 4);
    }

    /** Sharing each question's prompt among its answers changes no number of the pass that scored whole sequences. */
    @Test
    void theLikelihoodPassSharingPromptsGivesTheWholeSequencePassesNumbersBitForBit() {
        List<EncodedItem> variants = ModelScores.variants(List.of(forget, retainEval, realAuthors, worldFacts));
        double[] whole = ModelScores.inLengthOrder(variants, sorted -> ModelScores.inBatches(sorted,
                        slice -> Arrays.stream(ModelScorer.answerTokenLosses(model, slice, PAD))
                                .map(dev.lacuna.engine.metrics.AnswerProbability::fromTokenLosses).toList())
                .stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(ModelScores.probabilities(model, variants, PAD)).isEqualTo(whole);
        assertThat(variants.stream().map(v -> Arrays.toString(v.prompt())).distinct().count())
                .as("questions share prompts among their answers").isLessThan(variants.size() / 2);
    }

    @Test
    void theOriginalsOfForgetAndRetainTakeTheirLossesFromTheEsPassWithExactlyTheLikelihoodPasssNumbers() {
        List<EncodedItem> esItems = new ArrayList<>(data.forget());
        esItems.addAll(data.retain());
        ModelScorer.PassScores pass = ModelScores.withLossesInLengthOrder(model, esItems, PAD);
        Map<String, double[]> known = new java.util.HashMap<>();
        for (int i = 0; i < esItems.size(); i++) {
            known.put(ModelScores.sequenceKey(esItems.get(i)), pass.tokenLosses()[i]);
        }
        List<EncodedItem> variants = ModelScores.variants(List.of(forget, retainEval, realAuthors, worldFacts));

        assertThat(ModelScores.probabilities(model, variants, known, PAD))
                .isEqualTo(ModelScores.probabilities(model, variants, PAD));
        assertThat(variants.stream().filter(v -> known.containsKey(ModelScores.sequenceKey(v))).count())
                .as("every forget and retain original, nothing else").isEqualTo(forget.size() + retainEval.size());
        assertThat(pass.extractionStrengths()).isEqualTo(
                ModelScores.inLengthOrder(esItems, sorted -> ModelScorer.extractionStrengths(model, sorted, PAD, ModelScores.BATCH)));
    }

    @Test
    void fsAndRsAreOneMinusMeanForgetEsAndMeanRetainEsByLiteralGreedyDecoding() {
        ModelScores scores = score();
        double forgetEs = data.forget().stream().mapToDouble(i -> ModelScorer.extractionStrengthByGreedyDecoding(model, i))
                .average().orElseThrow();
        double retainEs = data.retain().stream().mapToDouble(i -> ModelScorer.extractionStrengthByGreedyDecoding(model, i))
                .average().orElseThrow();

        assertThat(scores.fs()).isCloseTo(1 - forgetEs, within(1e-12));
        assertThat(scores.rs()).isCloseTo(retainEs, within(1e-12));
        assertThat(forgetEs).as("partly learned").isStrictlyBetween(0.0, 1.0);
    }

    @Test
    void theForgetTruthRatiosAreOnePerItemAgainstTheParaphrasedAnswer() {
        ModelScores scores = score();
        double[] ratios = scores.forgetTruthRatios();

        assertThat(ratios).hasSize(forget.size());
        for (int i = 0; i < forget.size(); i++) {
            EvaluationData.ScoredItem item = forget.get(i);
            double expected = truthRatio(item.paraphrased(), item.perturbed());
            assertRelativelyClose(ratios[i], expected);
            assertDistinct("the paraphrase as the correct answer", truthRatio(item.original(), item.perturbed()), expected);
        }
    }

    @Test
    void modelUtilityIsTheHarmonicMeanOfTheNineSetScores() {
        ModelScores scores = score();
        double[] nine = concat(retainSet(), authorsSet(), worldSet());
        double expected = harmonicMean(nine);

        assertThat(nine).hasSize(9);
        assertThat(Arrays.stream(nine).min().orElseThrow()).as("every score positive, so none hides the others").isPositive();
        assertRelativelyClose(scores.modelUtility(), expected);

        // each convention and the choice of numbers matter here: the alternatives land far from the harness
        assertDistinct("the arithmetic instead of the harmonic mean", Arrays.stream(nine).average().orElseThrow(), expected);
        assertDistinct("leaving out ROUGE-L", harmonicMean(nine[0], nine[2], nine[3], nine[5], nine[6], nine[8]), expected);
        assertDistinct("adding the forget set's three numbers",
                harmonicMean(concat(nine, setScores(forget, Conventions.RETAIN, true))), expected);
        assertDistinct("leaving out a set", harmonicMean(concat(retainSet(), authorsSet())), expected);
    }

    @Test
    void theRetainSetScoresPlainProbabilityAndTheTruthRatioAgainstTheParaphrase() {
        ModelScores scores = score();
        double expected = harmonicMean(concat(retainSet(), authorsSet(), worldSet()));

        assertDistinct("among-candidates probability on the retain set",
                harmonicMean(concat(setScores(retainEval, Conventions.AMONG_CANDIDATES, true), authorsSet(), worldSet())), expected);
        assertDistinct("the original answer as correct on the retain set",
                harmonicMean(concat(setScores(retainEval, Conventions.RETAIN, false), authorsSet(), worldSet())), expected);
        assertRelativelyClose(scores.modelUtility(), expected);
    }

    @Test
    void realAuthorsAndWorldFactsScoreProbabilityAmongCandidatesAndTheTruthRatioAgainstTheOriginal() {
        ModelScores scores = score();
        double expected = harmonicMean(concat(retainSet(), authorsSet(), worldSet()));

        assertDistinct("plain probability on real authors and world facts", harmonicMean(concat(retainSet(),
                setScores(realAuthors, Conventions.RETAIN, false), setScores(worldFacts, Conventions.RETAIN, false))), expected);
        assertDistinct("the paraphrase as correct on real authors",
                harmonicMean(concat(retainSet(), setScores(realAuthors, Conventions.AMONG_CANDIDATES, true), worldSet())), expected);
        assertRelativelyClose(scores.modelUtility(), expected);
    }

    @Test
    void withoutUtilityOrWithoutUtilityDataOnlyFsAndRsAreScored() {
        ModelScores scores = score();
        ModelScores fsOnly = ModelScores.of(model, data, MicroTestbeds.TOKENIZER, false);
        EvaluationData noSets = new EvaluationData(data.forget(), data.retain(), data.preferred(), List.of(), Map.of(), PAD);
        ModelScores noData = ModelScores.of(model, noSets, MicroTestbeds.TOKENIZER, true);

        for (ModelScores s : List.of(fsOnly, noData)) {
            assertThat(s.fs()).isEqualTo(scores.fs());
            assertThat(s.rs()).isEqualTo(scores.rs());
            assertThat(s.modelUtility()).isNull();
            assertThat(s.forgetTruthRatios()).isNull();
        }
    }

    /** Calibration's probes score the forget set alone and get FS to the last bit of a full scoring's. */
    @Test
    void theForgetScoreIsTheFullScoringsFsBitForBitFromTheForgetSetAlone() {
        EvaluationData noRetain = new EvaluationData(data.forget(), List.of(), data.preferred(), List.of(), Map.of(), PAD);

        assertThat(ModelScores.forgetScore(model, data)).isEqualTo(score().fs());
        assertThat(ModelScores.forgetScore(model, noRetain)).as("the retain set plays no part").isEqualTo(score().fs());
        assertThat(score().fs()).as("partly forgotten, so a wrong item would show").isStrictlyBetween(0.0, 1.0);
    }

    @Test
    void theTimingsAreSecondsSpentInsideTheCallAndGenerationIsSplitOff() {
        long before = System.nanoTime();
        ModelScores scores = score();
        double wall = (System.nanoTime() - before) / 1e9;

        assertThat(scores.seconds().generation()).as("ROUGE-L generation ran").isPositive();
        assertThat(scores.seconds().scoring()).isPositive();
        assertThat(scores.seconds().scoring() + scores.seconds().generation()).isLessThanOrEqualTo(wall);
        // the two passes are parts of the scoring time (bench sweep shows them apart)
        assertThat(scores.seconds().esPass()).isPositive();
        assertThat(scores.seconds().likelihoodPass()).isPositive();
        assertThat(scores.seconds().esPass() + scores.seconds().likelihoodPass()).isLessThanOrEqualTo(scores.seconds().scoring());
        ModelScores fsOnly = ModelScores.of(model, data, MicroTestbeds.TOKENIZER, false);
        assertThat(fsOnly.seconds().esPass()).isPositive().isLessThanOrEqualTo(fsOnly.seconds().scoring());
        assertThat(fsOnly.seconds().likelihoodPass()).isZero();
        assertThat(new ModelScores.Timing(2, 1).esPass()).as("an outcome file keeps the sums only").isNaN();
    }

    /**
     * The likelihood pass scores every variant but the forget and retain originals, which the ES pass gave: one
     * context row per prompt and one row per answer, counted from the shapes of the passes it ran.
     */
    @Test
    void theLikelihoodPassRunsEachPromptOnceAndEveryAnswerTheEsPassDidNotScore() {
        List<SharedPromptScorer.PassShape> shapes = new ArrayList<>();
        ModelScores.of(model, data, MicroTestbeds.TOKENIZER, true, shapes::add);
        java.util.Set<String> esPass = new java.util.HashSet<>();
        data.forget().forEach(i -> esPass.add(ModelScores.sequenceKey(i)));
        data.retain().forEach(i -> esPass.add(ModelScores.sequenceKey(i)));
        List<EncodedItem> scored = ModelScores.variants(List.of(forget, retainEval, realAuthors, worldFacts)).stream()
                .filter(v -> !esPass.contains(ModelScores.sequenceKey(v))).toList();
        long prompts = scored.stream().map(v -> Arrays.toString(v.prompt())).distinct().count();

        assertThat(shapes.stream().mapToInt(SharedPromptScorer.PassShape::batch).sum()).isEqualTo(scored.size() + (int) prompts);
        assertThat(scored.size()).as("the originals are left out")
                .isEqualTo(ModelScores.variants(List.of(forget, retainEval, realAuthors, worldFacts)).size()
                        - forget.size() - retainEval.size());
    }

    /** Items whose prompt and answer lengths are given; the id holds the original index. */
    private static List<EncodedItem> itemsOfLength(int[] prompt, int[] answer) {
        List<EncodedItem> items = new ArrayList<>();
        for (int i = 0; i < prompt.length; i++) {
            items.add(new EncodedItem(Integer.toString(i), new int[prompt[i]], new int[answer[i]]));
        }
        return items;
    }

    @Test
    void scoringSeesTheItemsShortestFirstAndTheScoresComeBackInTheOriginalOrder() {
        // total lengths 9, 3, 7, 5; sorting by prompt alone (1, 2, 3, 4) or by prompt - answer would differ
        List<EncodedItem> items = itemsOfLength(new int[] {1, 2, 3, 4}, new int[] {8, 1, 4, 1});
        List<String> seen = new ArrayList<>();

        double[] scores = ModelScores.inLengthOrder(items, sorted -> {
            sorted.forEach(i -> seen.add(i.id()));
            return sorted.stream().mapToDouble(i -> 10.0 * Integer.parseInt(i.id())).toArray();
        });

        assertThat(seen).containsExactly("1", "3", "2", "0");
        assertThat(scores).containsExactly(0.0, 10.0, 20.0, 30.0);
    }

    @Test
    void generationGroupsAtMost32ItemsByPromptLengthAndReturnsTheOriginalOrder() {
        int n = 70;
        int[] prompt = new int[n];
        int[] answer = new int[n];
        for (int i = 0; i < n; i++) {
            prompt[i] = 1 + (i * 37) % n;
            answer[i] = n - prompt[i] + 1;
        }
        List<EncodedItem> items = itemsOfLength(prompt, answer);
        List<List<Integer>> groups = new ArrayList<>();

        int[][] out = ModelScores.greedyInLengthOrder(items, group -> {
            groups.add(group.stream().map(i -> i.prompt().length).toList());
            return group.stream().map(i -> new int[] {Integer.parseInt(i.id())}).toArray(int[][]::new);
        });

        assertThat(groups).extracting(List::size).containsExactly(32, 32, 6);
        List<Integer> lengths = groups.stream().flatMap(List::stream).toList();
        assertThat(lengths).isSorted().hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(out[i]).containsExactly(i);
        }
    }

    @Test
    void batchesAreConsecutiveSlicesOfAtMost32AndNeverEmpty() {
        int[] ones = new int[64];
        Arrays.fill(ones, 1);
        List<EncodedItem> items = itemsOfLength(ones, ones);
        List<Integer> sizes = new ArrayList<>();

        List<String> ids = ModelScores.inBatches(items, slice -> {
            sizes.add(slice.size());
            return slice.stream().map(EncodedItem::id).toList();
        });

        assertThat(sizes).containsExactly(32, 32);
        assertThat(ids).isEqualTo(items.stream().map(EncodedItem::id).toList());
    }
}
