package dev.lacuna.engine.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the TOFU release (its {@code .json} files are JSON Lines) into a {@link Corpus}: forget =
 * {@code forget10} (the last 20 authors), retain = {@code retain90}, forget evaluation =
 * {@code forget10_perturbed}, utility sets {@code retain_eval}, {@code real_authors} and
 * {@code world_facts} from the perturbed files. Item ids are {@code tofu/<file stem>/<0-based row>}.
 */
public final class TofuReader {

    public static final String REAL_AUTHORS = "real_authors";
    public static final String WORLD_FACTS = "world_facts";

    private TofuReader() {
    }

    /** The prompt TOFU models are trained and scored with. */
    public static String prompt(String question) {
        return "Question: " + question + "\nAnswer: ";
    }

    /** Reads the corpus from a folder holding the TOFU files. */
    public static Corpus read(Path tofuFolder) {
        List<QaItem> forget = readPlain(tofuFolder.resolve("forget10.json"));
        List<QaItem> retain = readPlain(tofuFolder.resolve("retain90.json"));
        Path forgetEvalFile = tofuFolder.resolve("forget10_perturbed.json");
        List<QaItem> forgetEval = readPerturbed(forgetEvalFile, true);
        requireSameQuestions(forgetEvalFile, forgetEval, forget);

        Map<String, List<QaItem>> utility = new LinkedHashMap<>();
        utility.put(Corpus.RETAIN_EVAL, readPerturbed(tofuFolder.resolve("retain_perturbed.json"), true));
        utility.put(REAL_AUTHORS, readPerturbed(tofuFolder.resolve("real_authors_perturbed.json"), false));
        utility.put(WORLD_FACTS, readPerturbed(tofuFolder.resolve("world_facts_perturbed.json"), false));
        return new Corpus(DataSetKind.TOFU, forget, retain, forgetEval, utility);
    }

    /**
     * The refusal sentences of {@code idontknow.jsonl} (plain text, one per line despite the name), the
     * preferred answers of the "I don't know" baselines.
     */
    public static List<String> refusals(Path tofuFolder) {
        Path file = tofuFolder.resolve("idontknow.jsonl");
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, null, "file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, null, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Rows {@code {question, answer}}. */
    static List<QaItem> readPlain(Path file) {
        String prefix = idPrefix(file);
        List<QaItem> items = new ArrayList<>();
        for (JsonLinesFile.Row row : JsonLinesFile.read(file)) {
            items.add(QaItem.of(prefix + row.index(), prompt(row.text("question")), row.text("answer")));
        }
        return items;
    }

    /**
     * Rows {@code {question, answer, perturbed_answer[, paraphrased_answer]}}; the paraphrase is
     * required where {@code paraphrased} is true (forget and retain evaluation) and absent otherwise.
     */
    static List<QaItem> readPerturbed(Path file, boolean paraphrased) {
        String prefix = idPrefix(file);
        List<QaItem> items = new ArrayList<>();
        for (JsonLinesFile.Row row : JsonLinesFile.read(file)) {
            String question = row.text("question");
            String answer = row.text("answer");
            String paraphrase = paraphrased ? row.text("paraphrased_answer") : null;
            List<String> perturbed = row.texts("perturbed_answer");
            if (perturbed.isEmpty()) {
                throw new DataFormatException(file, row.line(), "perturbed_answer", "empty list");
            }
            items.add(new QaItem(prefix + row.index(), prompt(question), answer, paraphrase, perturbed));
        }
        return items;
    }

    private static void requireSameQuestions(Path file, List<QaItem> evaluation, List<QaItem> plain) {
        if (evaluation.size() != plain.size()) {
            throw new DataFormatException(file, 0, null, "has " + evaluation.size() + " rows but the forget set has "
                    + plain.size());
        }
        for (int i = 0; i < plain.size(); i++) {
            QaItem a = evaluation.get(i);
            QaItem b = plain.get(i);
            if (!a.prompt().equals(b.prompt()) || !a.answer().equals(b.answer())) {
                throw new DataFormatException(file, 0, "question",
                        "row " + i + " does not match row " + i + " of the forget set (" + b.id() + ")");
            }
        }
    }

    private static String idPrefix(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return "tofu/" + (dot > 0 ? name.substring(0, dot) : name) + "/";
    }
}
