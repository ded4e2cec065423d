package dev.lacuna.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LumeReaderTest {

    @Test
    void keepsExactlyTheTask2RowsOfEachSplit() throws IOException {
        Path lume = SharedData.directory().resolve("lume");
        Corpus corpus = SharedData.lume();

        assertThat(corpus.kind()).isEqualTo(DataSetKind.LUME);
        assertThat(corpus.forget()).hasSize((int) countTask2(lume.resolve("forget.jsonl")));
        assertThat(corpus.retain()).hasSize((int) countTask2(lume.resolve("retain.jsonl")));
        assertThat(corpus.forget()).hasSize(1500);
        assertThat(corpus.retain()).hasSize(1500);
        assertThat(corpus.utility()).isEmpty();
        assertThat(corpus.forgetEval()).isEmpty();
    }

    @Test
    void everyBiographyHasOneCompletionAndFiveQuestions() {
        Corpus corpus = SharedData.lume();

        Map<LumeReader.PromptKind, Long> kinds = corpus.forget().stream()
                .collect(Collectors.groupingBy(LumeReader::kindOf, Collectors.counting()));
        assertThat(kinds).containsEntry(LumeReader.PromptKind.SENTENCE_COMPLETION, 250L)
                .containsEntry(LumeReader.PromptKind.QUESTION_ANSWER, 1250L);
    }

    @Test
    void promptIsTheInputAndAnswerTheOutputOfTheFirstTask2Row() throws IOException {
        Path file = SharedData.directory().resolve("lume/forget.jsonl");
        JsonNode row = new ObjectMapper().readTree(Files.readAllLines(file).stream()
                .filter(line -> line.contains("\"Task2\"")).findFirst().orElseThrow());

        QaItem first = SharedData.lume().forget().get(0);

        assertThat(first.id()).isEqualTo("lume/forget/" + row.get("id").asText()).endsWith("sc1");
        assertThat(first.prompt()).isEqualTo(row.get("input").asText());
        assertThat(first.answer()).isEqualTo(row.get("output").asText());
    }

    @Test
    void aRowWithoutAnInputNamesTheLineAndField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("forget.jsonl");
        Files.writeString(file, """
                {"id": "a-sc1", "input": "x", "output": "y", "task": "Task2"}
                {"id": "a-qa0", "output": "y", "task": "Task2"}
                """);

        assertThatThrownBy(() -> LumeReader.readTask2Rows(file, "forget"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + ", line 2, field 'input': missing");
    }

    @Test
    void anIdWithoutAPromptKindIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("retain.jsonl");
        Files.writeString(file, "{\"id\": \"abc\", \"input\": \"x\", \"output\": \"y\", \"task\": \"Task2\"}\n");

        assertThatThrownBy(() -> LumeReader.readTask2Rows(file, "retain"))
                .hasMessage(file + ", line 1, field 'id': 'abc' does not end in sc<n> or qa<n>");
    }

    @Test
    void aLineThatIsNotAnObjectIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("retain.jsonl");
        Files.writeString(file, "[1, 2]\n");

        assertThatThrownBy(() -> LumeReader.readTask2Rows(file, "retain"))
                .hasMessage(file + ", line 1: expected a JSON object but found a list");
    }

    @Test
    void thetaRIsPrimedWithTheCharactersThatOnlyTheForgetSetHas() {
        Corpus corpus = SharedData.lume();

        assertThat(corpus.thetaRTrainingItems()).filteredOn(CharacterPrimer::isPrimer)
                .extracting(QaItem::answer)
                .contains("\n", "*", "A")
                .doesNotHaveDuplicates();
    }

    private static long countTask2(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Function<String, JsonNode> parse = line -> {
            try {
                return json.readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(parse)
                .filter(node -> node.path("task").asText().equals("Task2")).count();
    }
}
