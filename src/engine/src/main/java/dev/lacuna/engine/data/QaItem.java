package dev.lacuna.engine.data;

import java.util.List;
import java.util.Objects;

/**
 * One memorizable fact: a prompt and the answer a model should produce after it. Scores count
 * answer tokens only. Paraphrased and perturbed answers feed the truth ratio; they are absent
 * ({@code null} / empty) where a data set has none.
 *
 * @param id                stable identifier within its data set (for example {@code tofu/forget10/17})
 * @param prompt            the full text before the answer, already formatted (TOFU:
 *                          {@code "Question: ...\nAnswer: "})
 * @param answer            the reference answer
 * @param paraphrasedAnswer a paraphrase of the answer, or {@code null}
 * @param perturbedAnswers  wrong answers of the same form, possibly empty
 */
public record QaItem(String id, String prompt, String answer, String paraphrasedAnswer, List<String> perturbedAnswers) {

    public QaItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(answer, "answer");
        perturbedAnswers = List.copyOf(perturbedAnswers);
    }

    /** An item with only a prompt and an answer. */
    public static QaItem of(String id, String prompt, String answer) {
        return new QaItem(id, prompt, answer, null, List.of());
    }
}
