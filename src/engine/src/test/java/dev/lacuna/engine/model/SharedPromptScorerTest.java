package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.toy.CharacterTokenizer;
import dev.lacuna.engine.toy.ToyPeople;
import dev.lacuna.engine.training.AdamWConfig;
import dev.lacuna.engine.training.Trainer;
import dev.lacuna.engine.training.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Scoring answers against their prompt's cached keys and values gives the very floats of scoring each whole
 * sequence, so the likelihood pass can share prompts without changing a single published number.
 */
class SharedPromptScorerTest {

    private static final CharacterTokenizer TOKENIZER = new CharacterTokenizer();
    private static final int PAD = TOKENIZER.padId();

    @Test
    void answersSharingPromptsScoreBitForBitAsWholeSequencesOnATrainedTinyModel() {
        List<EncodedItem> people = EncodedItem.all(ToyPeople.items("p", 8, 3), TOKENIZER);
        try (Transformer model = Transformer.initialize(ModelConfig.tiny(TOKENIZER.vocabularySize()), 11)) {
            new Trainer(PAD, TOKENIZER.eosId()).trainAll(model, people,
                    new TrainingConfig(20, 8, 0, AdamWConfig.of(3e-3).withWarmup(5), 11), null);
            assertSameAsWholeSequences(model, variants(people, 12));
        }
    }

    @Test
    void learnedPositionsAndGeluGiveTheSameFloatsToo() {
        ModelConfig learned = new ModelConfig("learned", 2, 32, 2, 128, TOKENIZER.vocabularySize(), 96,
                ModelConfig.Positions.LEARNED, ModelConfig.Mlp.GELU);
        List<EncodedItem> people = EncodedItem.all(ToyPeople.items("q", 5, 2), TOKENIZER);
        try (Transformer model = Transformer.initialize(learned, 3)) {
            assertSameAsWholeSequences(model, variants(people, 13));
        }
    }

    @Test
    void checkpointArchitecturesGiveTheSameFloatsToo() {
        List<EncodedItem> people = EncodedItem.all(ToyPeople.items("s", 5, 2), TOKENIZER);
        for (ModelConfig shape : List.of(CheckpointLikeModels.LLAMA, CheckpointLikeModels.OLMO)) {
            // the character vocabulary with the checkpoint-like shapes: a cache of fewer key/value heads than query
            // heads, an untied head, post-norms and query/key norms
            ModelConfig config = new ModelConfig(shape.name(), shape.layers(), shape.dModel(), shape.heads(), shape.dFf(),
                    TOKENIZER.vocabularySize(), 96, shape.positions(), shape.mlp(), shape.arch());
            try (Transformer model = CheckpointLikeModels.model(config, 4)) {
                assertSameAsWholeSequences(model, variants(people, 16));
            }
        }
    }

    @Test
    void moreDistinctPromptsThanOnePassHoldsAndOneTokenAnswers() {
        List<EncodedItem> people = EncodedItem.all(ToyPeople.items("r", 20, 2), TOKENIZER);
        List<EncodedItem> items = variants(people, 14);
        // one-token answers: only the prompt pass predicts them
        for (int i = 0; i < 10; i++) {
            EncodedItem p = people.get(i);
            items.add(new EncodedItem(p.id() + "-one", p.prompt(), new int[] {p.answer()[0]}));
        }
        assertThat(items.stream().map(i -> Arrays.toString(i.prompt())).distinct().count())
                .isGreaterThan(SharedPromptScorer.BATCH);
        try (Transformer model = Transformer.initialize(ModelConfig.tiny(TOKENIZER.vocabularySize()), 15)) {
            assertSameAsWholeSequences(model, items);
        }
    }

    /**
     * TOFU's answers to one question often open alike; their shared stem runs once with the prompt. Covered: stems of
     * several lengths, an answer that is another's beginning (the stem stops one token short of the shorter), two
     * equal answers, a one-token answer beside long ones (no stem), and a prompt with a single answer (all of it but
     * its last token is context).
     */
    @Test
    void answersOpeningAlikeShareTheirStemAndStillScoreBitForBitAsWholeSequences() {
        List<EncodedItem> people = EncodedItem.all(ToyPeople.items("t", 12, 2), TOKENIZER);
        SplittableRandom random = new SplittableRandom(17);
        List<EncodedItem> items = new ArrayList<>();
        for (int n = 0; n < people.size(); n++) {
            EncodedItem p = people.get(n);
            int[] stem = Arrays.copyOf(p.answer(), Math.min(p.answer().length, 1 + n));
            for (int v = 0; v < 5; v++) {
                int[] answer = Arrays.copyOf(stem, stem.length + 1 + random.nextInt(12));
                for (int j = stem.length; j < answer.length; j++) {
                    answer[j] = p.answer()[random.nextInt(p.answer().length)];
                }
                items.add(new EncodedItem(p.id() + "-" + v, p.prompt(), answer));
            }
            switch (n % 4) {
                case 0 -> items.add(new EncodedItem(p.id() + "-stem", p.prompt(), stem));
                case 1 -> items.add(new EncodedItem(p.id() + "-again", p.prompt(), items.get(items.size() - 1).answer()));
                case 2 -> items.add(new EncodedItem(p.id() + "-one", p.prompt(), new int[] {p.answer()[0]}));
                default -> { }
            }
        }
        EncodedItem alone = people.get(0);
        items.add(new EncodedItem("alone", new int[] {alone.prompt()[0], alone.prompt()[1]}, alone.answer()));
        assertThat(SharedPromptScorer.stemLength(List.of(new int[] {5, 6, 7, 8}, new int[] {5, 6, 9}))).isEqualTo(2);
        assertThat(SharedPromptScorer.stemLength(List.of(new int[] {5, 6, 7, 8}, new int[] {5, 6}))).isEqualTo(1);
        assertThat(SharedPromptScorer.stemLength(List.of(new int[] {5, 6, 7}, new int[] {5, 6, 7}))).isEqualTo(2);
        assertThat(SharedPromptScorer.stemLength(List.of(new int[] {5, 6, 7}, new int[] {4, 6, 7}))).isZero();
        assertThat(SharedPromptScorer.stemLength(List.<int[]>of(new int[] {5, 6, 7}))).isEqualTo(2);
        try (Transformer model = Transformer.initialize(ModelConfig.tiny(TOKENIZER.vocabularySize()), 18)) {
            new Trainer(PAD, TOKENIZER.eosId()).trainAll(model, people,
                    new TrainingConfig(10, 8, 0, AdamWConfig.of(3e-3).withWarmup(5), 18), null);
            assertSameAsWholeSequences(model, items);
        }
    }

    @Test
    void anEmptyPromptIsRefusedByName() {
        try (Transformer model = Transformer.initialize(ModelConfig.tiny(TOKENIZER.vocabularySize()), 1)) {
            assertThatThrownBy(() -> SharedPromptScorer.answerTokenLosses(model,
                    List.of(new EncodedItem("bare", new int[0], new int[] {3, 4})), PAD))
                    .hasMessageContaining("bare").hasMessageContaining("empty prompt");
        }
    }

    private static void assertSameAsWholeSequences(Transformer model, List<EncodedItem> items) {
        double[][] shared = SharedPromptScorer.answerTokenLosses(model, items, PAD);
        double[][] whole = new double[items.size()][];
        for (int start = 0; start < items.size(); start += 32) {
            double[][] part = ModelScorer.answerTokenLosses(model, items.subList(start, Math.min(items.size(), start + 32)), PAD);
            System.arraycopy(part, 0, whole, start, part.length);
        }
        for (int i = 0; i < items.size(); i++) {
            assertThat(shared[i]).as("item %s", items.get(i).id()).isEqualTo(whole[i]);
        }
    }

    /**
     * Each person's prompt with its own answer and several others of random lengths (TOFU's paraphrased and
     * perturbed answers), shuffled so that a prompt's answers are spread over the list.
     */
    private static List<EncodedItem> variants(List<EncodedItem> people, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<EncodedItem> out = new ArrayList<>();
        for (EncodedItem p : people) {
            out.add(p);
            for (int v = 0; v < 6; v++) {
                int[] answer = new int[1 + random.nextInt(24)];
                for (int j = 0; j < answer.length; j++) {
                    answer[j] = p.answer()[random.nextInt(p.answer().length)];
                }
                out.add(new EncodedItem(p.id() + "-" + v, p.prompt(), answer));
            }
        }
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            EncodedItem t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }
}
