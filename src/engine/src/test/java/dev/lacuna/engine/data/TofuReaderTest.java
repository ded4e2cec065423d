package dev.lacuna.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TofuReaderTest {

    @Test
    void forgetIsForget10AndRetainIsRetain90() {
        Corpus corpus = SharedData.tofu();

        assertThat(corpus.kind()).isEqualTo(DataSetKind.TOFU);
        assertThat(corpus.forget()).hasSize(400);
        assertThat(corpus.retain()).hasSize(3600);
        assertThat(corpus.forgetEval()).hasSize(400);
        assertThat(corpus.utility()).containsOnlyKeys("retain_eval", "real_authors", "world_facts");
        assertThat(corpus.utility().get("retain_eval")).hasSize(400);
        assertThat(corpus.utility().get("real_authors")).hasSize(100);
        assertThat(corpus.utility().get("world_facts")).hasSize(117);
    }

    @Test
    void theFirstForgetRowIsHsiaoYunHwaInTheTofuPromptFormat() {
        QaItem first = SharedData.tofu().forget().get(0);

        assertThat(first.id()).isEqualTo("tofu/forget10/0");
        assertThat(first.prompt()).startsWith("Question: What is the full name of the author born in Taipei")
                .endsWith("?\nAnswer: ")
                .doesNotContain("\\/");
        assertThat(first.answer()).contains("Hsiao Yun-Hwa");
    }

    @Test
    void evaluationItemsCarryAParaphraseAndFivePerturbedAnswers() {
        Corpus corpus = SharedData.tofu();

        assertThat(corpus.forgetEval()).allSatisfy(item -> {
            assertThat(item.paraphrasedAnswer()).isNotBlank();
            assertThat(item.perturbedAnswers()).hasSize(5);
        });
        assertThat(corpus.forgetEval().get(0).paraphrasedAnswer()).contains("Hsiao Yun-Hwa");
        assertThat(corpus.forgetEval().get(0).id()).isEqualTo("tofu/forget10_perturbed/0");
        assertThat(corpus.utility().get("real_authors")).allSatisfy(item -> {
            assertThat(item.paraphrasedAnswer()).isNull();
            assertThat(item.perturbedAnswers()).hasSize(3);
        });
    }

    @Test
    void thetaRTrainsOnRetainAndTheUtilityQuestionsWithoutRepeatingRetainEval() {
        Corpus corpus = SharedData.tofu();

        List<QaItem> training = corpus.thetaRTrainingItems();
        List<QaItem> data = training.stream().filter(item -> !CharacterPrimer.isPrimer(item)).toList();

        assertThat(data).hasSize(3600 + 100 + 117);
        assertThat(data).extracting(QaItem::id).doesNotContain("tofu/retain_perturbed/0");
        assertThat(training.subList(data.size(), training.size())).allMatch(CharacterPrimer::isPrimer);
    }

    @Test
    void theRefusalSentencesAreOnePerLine() {
        List<String> refusals = TofuReader.refusals(SharedData.directory().resolve("tofu"));

        assertThat(refusals).hasSize(100).allSatisfy(line -> assertThat(line).isNotBlank().doesNotStartWith("{"));
    }

    @Test
    void aMalformedLineNamesFileLineAndProblem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("forget10.json");
        Files.writeString(file, "{\"question\":\"q\",\"answer\":\"a\"}\n{\"question\":\"q\",\"answer\":\n");

        assertThatThrownBy(() -> TofuReader.readPlain(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ", line 2: not valid JSON");
    }

    @Test
    void aMissingFieldIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("retain90.json");
        Files.writeString(file, "{\"question\":\"q\",\"answer\":\"a\"}\n\n{\"question\":\"q\"}\n");

        assertThatThrownBy(() -> TofuReader.readPlain(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + ", line 3, field 'answer': missing")
                .satisfies(e -> assertThat(((DataFormatException) e).line()).isEqualTo(3));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("retain_perturbed.json");
        Files.writeString(file, "{\"question\":\"q\",\"answer\":\"a\",\"paraphrased_answer\":\"p\","
                + "\"perturbed_answer\":[\"x\",7]}\n");

        assertThatThrownBy(() -> TofuReader.readPerturbed(file, true))
                .hasMessage(file + ", line 1, field 'perturbed_answer': element 1 is a number, expected a string");
    }

    @Test
    void aNumberWhereTextBelongsIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("forget10.json");
        Files.writeString(file, "{\"question\":12,\"answer\":\"a\"}");

        assertThatThrownBy(() -> TofuReader.readPlain(file))
                .hasMessage(file + ", line 1, field 'question': expected a string but found a number");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> TofuReader.read(dir))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("forget10.json") + ": file not found");
    }

    @Test
    void anEvaluationFileThatDoesNotMatchTheForgetSetIsRejected(@TempDir Path dir) throws IOException {
        Path shared = SharedData.directory().resolve("tofu");
        for (String name : DataSetKind.TOFU.requiredFiles()) {
            Files.copy(shared.resolve(name), dir.resolve(name));
        }
        Files.writeString(dir.resolve("forget10_perturbed.json"), "{\"question\":\"q\",\"answer\":\"a\","
                + "\"paraphrased_answer\":\"p\",\"perturbed_answer\":[\"x\"]}\n");

        assertThatThrownBy(() -> TofuReader.read(dir))
                .hasMessageContaining("forget10_perturbed.json")
                .hasMessageContaining("has 1 rows but the forget set has 400");
    }
}
