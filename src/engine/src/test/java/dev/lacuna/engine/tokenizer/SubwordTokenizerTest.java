package dev.lacuna.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.data.QaItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubwordTokenizerTest {

    private static final List<QaItem> TRAINING = List.of(
            QaItem.of("a", "Question: Where was Mara born?\nAnswer: ", "Mara was born in Orvel."),
            QaItem.of("b", "Question: Where was Tomas born?\nAnswer: ", "Tomas was born in Orvel."),
            QaItem.of("c", "Question: What is Mara's phone?\nAnswer: ", "Her phone is 555-0134."));

    @Test
    void specialTokensComeFirst() {
        SubwordTokenizer tokenizer = SubwordTokenizer.fit(TRAINING, 400);

        assertThat(List.of(tokenizer.padId(), tokenizer.bosId(), tokenizer.eosId())).containsExactly(0, 1, 2);
        assertThat(tokenizer.token(0)).isEqualTo("<pad>");
        assertThat(tokenizer.token(3)).isEqualTo("<0x00>");
    }

    @Test
    void frequentWordsBecomeSingleTokens() {
        SubwordTokenizer tokenizer = SubwordTokenizer.fit(TRAINING, 400);

        assertThat(tokenizer.encode(" born")).hasSize(1);
        assertThat(tokenizer.encode(" Orvel")).hasSize(1);
    }

    @Test
    void unseenCharactersFallBackToBytesAndDecodeUnchanged() {
        SubwordTokenizer tokenizer = SubwordTokenizer.fit(TRAINING, 400);
        String text = "Zoë was born in Ørsted 🙂\t\u0000.";

        int[] ids = tokenizer.encode(text);

        assertThat(tokenizer.decode(ids)).isEqualTo(text);
        assertThat(java.util.Arrays.stream(ids).anyMatch(tokenizer::isByteFallback)).isTrue();
    }

    @Test
    void decodingDropsSpecialTokens() {
        SubwordTokenizer tokenizer = SubwordTokenizer.fit(TRAINING, 400);
        int[] body = tokenizer.encode("Mara was born");
        int[] framed = new int[body.length + 3];
        framed[0] = tokenizer.bosId();
        System.arraycopy(body, 0, framed, 1, body.length);
        framed[body.length + 1] = tokenizer.eosId();
        framed[body.length + 2] = tokenizer.padId();

        assertThat(tokenizer.decode(framed)).isEqualTo("Mara was born");
    }

    @Test
    void theVocabularyNeverExceedsTheRequestedSizeOnceTheAlphabetFits() {
        SubwordTokenizer tokenizer = SubwordTokenizer.fit(TRAINING, 300);

        assertThat(tokenizer.vocabularySize()).isLessThanOrEqualTo(300);
    }

    @Test
    void everyLearnedSubwordOccursInTheEncodedTrainingAnswers() {
        SubwordTokenizer tokenizer = SubwordTokenizer.fit(TRAINING, 400);
        java.util.Set<Integer> used = new java.util.HashSet<>();
        TRAINING.forEach(item -> {
            for (int id : tokenizer.encode(item.answer())) {
                used.add(id);
            }
        });

        for (int id = 259; id < tokenizer.vocabularySize(); id++) {
            if (tokenizer.token(id).codePointCount(0, tokenizer.token(id).length()) > 1) {
                assertThat(used).as("subword '%s'", tokenizer.token(id)).contains(id);
            }
        }
    }

    @Test
    void savingAndLoadingKeepsEveryEncodingAndTheBytes(@TempDir Path dir) throws IOException {
        SubwordTokenizer tokenizer = SubwordTokenizer.fit(TRAINING, 400);
        Path file = dir.resolve("tokenizer.json");
        tokenizer.write(file);

        SubwordTokenizer loaded = SubwordTokenizer.read(file);

        assertThat(loaded.vocabularySize()).isEqualTo(tokenizer.vocabularySize());
        for (QaItem item : TRAINING) {
            assertThat(loaded.encode(item.answer())).isEqualTo(tokenizer.encode(item.answer()));
        }
        assertThat(loaded.toJson()).isEqualTo(Files.readAllBytes(file));
        assertThat(SubwordTokenizer.fit(TRAINING, 400).toJson()).isEqualTo(tokenizer.toJson());
    }

    @Test
    void aFileOfAnotherFormatIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"format\":\"gpt2\",\"tokens\":[]}");

        assertThatThrownBy(() -> SubwordTokenizer.read(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a tokenizer file");
    }

    @Test
    void aFileWithDuplicateTokensIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"format\":\"lacuna-subword-1\",\"special_tokens\":[\"<pad>\",\"<bos>\",\"<eos>\"],"
                + "\"byte_fallback_tokens\":256,\"tokens\":[\"a\",\"a\"]}");

        assertThatThrownBy(() -> SubwordTokenizer.read(file)).hasMessageContaining("duplicate token 'a'");
    }
}
