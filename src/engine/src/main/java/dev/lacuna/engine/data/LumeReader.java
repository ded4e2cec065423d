package dev.lacuna.engine.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads task 2 of LUME (synthetic biographies with PII) into a {@link Corpus}. Forget and retain are
 * kept as released; the input is the prompt and the output the answer. LUME has no paraphrased or
 * perturbed answers and no utility sets, so only Extraction-Strength metrics (AUES) apply. Item ids are
 * {@code lume/<forget|retain>/<released id>}.
 */
public final class LumeReader {

    public static final String TASK = "Task2";

    private static final Pattern KIND_SUFFIX = Pattern.compile("(sc|qa)(\\d+)$");

    /** The two prompt kinds LUME marks in the suffix of its ids. */
    public enum PromptKind {
        /** {@code sc}: continue a passage (regurgitation). */
        SENTENCE_COMPLETION,
        /** {@code qa}: answer a question about the biography (knowledge). */
        QUESTION_ANSWER
    }

    private LumeReader() {
    }

    /** Reads {@code forget.jsonl} and {@code retain.jsonl} from a folder, keeping task 2 rows. */
    public static Corpus readTask2(Path lumeFolder) {
        List<QaItem> forget = readTask2Rows(lumeFolder.resolve("forget.jsonl"), "forget");
        List<QaItem> retain = readTask2Rows(lumeFolder.resolve("retain.jsonl"), "retain");
        return new Corpus(DataSetKind.LUME, forget, retain, List.of(), Map.of());
    }

    /** Whether an item is a sentence completion or a question, from the suffix of its id. */
    public static PromptKind kindOf(QaItem item) {
        Matcher matcher = KIND_SUFFIX.matcher(item.id());
        if (!matcher.find()) {
            throw new IllegalArgumentException("not a LUME item id (no sc/qa suffix): " + item.id());
        }
        return matcher.group(1).equals("sc") ? PromptKind.SENTENCE_COMPLETION : PromptKind.QUESTION_ANSWER;
    }

    static List<QaItem> readTask2Rows(Path file, String split) {
        List<QaItem> items = new ArrayList<>();
        for (JsonLinesFile.Row row : JsonLinesFile.read(file)) {
            String task = row.text("task");
            if (!task.equals(TASK)) {
                continue;
            }
            String id = row.text("id");
            if (!KIND_SUFFIX.matcher(id).find()) {
                throw new DataFormatException(file, row.line(), "id", "'" + id + "' does not end in sc<n> or qa<n>");
            }
            items.add(QaItem.of("lume/" + split + "/" + id, row.text("input"), row.text("output")));
        }
        return items;
    }
}
