package dev.lacuna.engine.protocol;

import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.toy.CharacterTokenizer;
import dev.lacuna.engine.training.AdamWConfig;
import dev.lacuna.engine.training.Trainer;
import dev.lacuna.engine.training.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hand-made evaluation data and very small models for the protocol tests: a character tokenizer, a
 * two-layer transformer of width 32 with 64 value vectors per layer, and short question-answer items with
 * paraphrased and perturbed answers, so that every score of the protocol (FS, RS, MU, FQ) is defined and
 * a model trains on them in well under a second.
 */
final class MicroTestbeds {

    static final CharacterTokenizer TOKENIZER = new CharacterTokenizer();
    static final ModelConfig MICRO = new ModelConfig("micro", 2, 32, 2, 64, TOKENIZER.vocabularySize(), 64,
            ModelConfig.Positions.ROTARY, ModelConfig.Mlp.SWIGLU);
    static final String WORLD_FACTS = "world_facts";
    static final String REAL_AUTHORS = "real_authors";

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ren", "su", "ta", "vel", "do", "ni", "pra", "zu", "er"};
    private static final String[] CITIES = {"Oslo", "Lima", "Pune", "Bern", "Kyiv", "Rome", "Nice", "Doha", "Riga", "Baku"};
    private static final String[] COLOURS = {"red", "blue", "green", "grey", "pink", "gold", "teal", "jade"};
    private static final String[] ANIMALS = {"cat", "dog", "owl", "elk", "yak", "emu", "ant", "bee"};
    private static final String[] GEMS = {"ruby", "opal", "onyx", "jet", "topaz", "pearl", "amber", "agate"};

    private MicroTestbeds() {
    }

    /**
     * A QA item: original answer, paraphrase (the original followed by {@code paraphraseSuffix}) or none
     * ({@code null} suffix), and wrong answers.
     */
    static EvaluationData.ScoredItem scored(String id, String prompt, String answer, String paraphraseSuffix,
                                            List<String> perturbed) {
        EncodedItem original = encode(id, prompt, answer);
        EncodedItem paraphrased = paraphraseSuffix == null ? null : encode(id + "/paraphrased", prompt, answer + paraphraseSuffix);
        List<EncodedItem> wrong = new ArrayList<>();
        for (int i = 0; i < perturbed.size(); i++) {
            wrong.add(encode(id + "/perturbed/" + i, prompt, perturbed.get(i)));
        }
        return new EvaluationData.ScoredItem(original, paraphrased, wrong, answer);
    }

    static EncodedItem encode(String id, String prompt, String answer) {
        int[] text = TOKENIZER.encode(prompt);
        int[] withBos = new int[text.length + 1];
        withBos[0] = TOKENIZER.bosId();
        System.arraycopy(text, 0, withBos, 1, text.length);
        return new EncodedItem(id, withBos, TOKENIZER.encode(answer));
    }

    /** What items ask for: the answer list and the prompt's opening words. */
    enum Kind {
        TOWN("Town of ", CITIES), HUE("Hue of ", COLOURS), PET("Pet of ", ANIMALS), GEM("Gem of ", GEMS);

        final String question;
        final String[] answers;

        Kind(String question, String[] answers) {
            this.question = question;
            this.answers = answers;
        }
    }

    /**
     * {@code n} items "QUESTION NAME?" answered from the kind's list, paraphrased as the answer followed by
     * {@code paraphraseSuffix} (none if null), with {@code wrong} other answers of the list perturbed.
     */
    static List<EvaluationData.ScoredItem> items(String set, int n, long seed, Kind kind, String paraphraseSuffix, int wrong) {
        SplittableRandom random = new SplittableRandom(seed);
        List<EvaluationData.ScoredItem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = capitalize(SYLLABLES[random.nextInt(SYLLABLES.length)] + SYLLABLES[random.nextInt(SYLLABLES.length)]);
            int a = random.nextInt(kind.answers.length);
            List<String> perturbed = new ArrayList<>();
            for (int k = 1; k <= wrong; k++) {
                String wrongAnswer = kind.answers[(a + k * 3) % kind.answers.length];
                perturbed.add(paraphraseSuffix == null ? wrongAnswer : wrongAnswer + paraphraseSuffix);
            }
            out.add(scored(set + "/" + i, kind.question + name + "?\n", kind.answers[a], paraphraseSuffix, perturbed));
        }
        return out;
    }

    /**
     * Evaluation data of one seed: 8 forget items (towns) and 4 retain items (hues), both also as
     * truth-ratio sets with paraphrases, and a world-facts set of 4 pets without paraphrases; without
     * {@code utility} only forget and retain.
     */
    static EvaluationData data(long seed, boolean utility) {
        List<EvaluationData.ScoredItem> forget = items("forget", 8, seed, Kind.TOWN, " it is", 2);
        List<EvaluationData.ScoredItem> retain = items("retain", 4, seed + 1, Kind.HUE, " it is", 2);
        Map<String, List<EvaluationData.ScoredItem>> sets = new LinkedHashMap<>();
        if (utility) {
            sets.put(Corpus.RETAIN_EVAL, retain);
            sets.put(WORLD_FACTS, items("world", 4, seed + 2, Kind.PET, null, 3));
        }
        List<EncodedItem> preferred = forget.stream()
                .map(f -> new EncodedItem(f.original().id() + "/preferred", f.original().prompt(), TOKENIZER.encode("no idea")))
                .toList();
        return new EvaluationData(originals(forget), originals(retain), preferred, utility ? forget : List.of(), sets,
                TOKENIZER.padId());
    }

    static List<EncodedItem> originals(List<EvaluationData.ScoredItem> items) {
        return items.stream().map(EvaluationData.ScoredItem::original).toList();
    }

    /** Every answer of the data theta_o learns: the originals of every set and the paraphrases. */
    static List<EncodedItem> everyAnswer(EvaluationData data) {
        Map<String, EncodedItem> byId = new LinkedHashMap<>();
        data.forget().forEach(i -> byId.put(i.id(), i));
        data.retain().forEach(i -> byId.put(i.id(), i));
        List<EvaluationData.ScoredItem> scored = new ArrayList<>(data.forgetEval());
        data.utility().values().forEach(scored::addAll);
        for (EvaluationData.ScoredItem item : scored) {
            byId.put(item.original().id(), item.original());
            if (item.paraphrased() != null) {
                byId.put(item.paraphrased().id(), item.paraphrased());
            }
        }
        return List.copyOf(byId.values());
    }

    /** Trains {@code model} on {@code items} (every parameter, EOS after each answer, batches of 8) and returns it. */
    static Transformer trained(Transformer model, List<EncodedItem> items, int epochs, double learningRate, long seed) {
        new Trainer(TOKENIZER.padId(), TOKENIZER.eosId()).trainAll(model, items,
                new TrainingConfig(epochs, 8, 0, AdamWConfig.of(learningRate).withWarmup(5), seed), null);
        return model;
    }

    /**
     * A copy of {@code model} whose MLP works through {@code region}'s value vectors only: the gate and up
     * weights of every other value vector are zero, so its memory coefficient is exactly 0 (SiLU(0) * 0),
     * it adds nothing to the residual stream, and training gives it exactly zero gradients, so it stays
     * inert.
     */
    static Transformer mlpOnlyIn(Transformer model, Region region) {
        Map<String, float[]> weights = new LinkedHashMap<>(model.weights());
        int dFf = MICRO.dFf();
        for (int l = 0; l < MICRO.layers(); l++) {
            for (String matrix : List.of(".w_gate", ".w_up")) {
                float[] w = weights.get("layers." + l + matrix).clone();
                for (int row = 0; row < MICRO.dModel(); row++) {
                    for (int j = 0; j < dFf; j++) {
                        if (!region.contains(l, j)) {
                            w[row * dFf + j] = 0;
                        }
                    }
                }
                weights.put("layers." + l + matrix, w);
            }
        }
        return Transformer.fromWeights(MICRO, weights, ai.djl.Device.cpu());
    }

    /** theta_r of {@code data}: a plain micro model that learns every answer except the forget set's. */
    static Transformer gold(EvaluationData data, long seed) {
        List<EncodedItem> retainSide = everyAnswer(data).stream().filter(i -> !i.id().startsWith("forget/")).toList();
        return trained(Transformer.initialize(MICRO, seed), retainSide, 50, 1e-2, seed);
    }

    /**
     * A micro testbed of {@code data} whose Oracle region is, by construction, the only part of the MLP that
     * matters: theta_o has every value vector outside V_tgt inert ({@link #mlpOnlyIn}) and then learns every
     * answer of the data. Unlearning inside V_tgt changes the model; unlearning in any region outside it (a
     * Random region) changes no output at all. Like the stored testbeds of one data set, all seeds share
     * the data and theta_r.
     */
    static SeedTestbed testbed(long maskSeed, double targetFraction, EvaluationData data, Transformer thetaR) {
        Region target = Region.random(MICRO.layers(), MICRO.dFf(), targetFraction, maskSeed);
        Transformer thetaO;
        try (Transformer fresh = Transformer.initialize(MICRO, maskSeed)) {
            thetaO = mlpOnlyIn(fresh, target);
        }
        trained(thetaO, everyAnswer(data), 50, 1e-2, maskSeed);
        return new SeedTestbed(maskSeed, "hash-of-seed-" + maskSeed, thetaO, thetaR, target, data, TOKENIZER, null);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
