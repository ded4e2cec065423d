package dev.lacuna.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {

    /**
     * Ids of {@code HfTokenizerFiles.llama3(WORDS)}: 0..255 the bytes; " born" adds Ġb 256, Ġbo 257, Ġbor 258,
     * Ġborn 259; "Mara" adds Ma 260, Mar 261, Mara 262; then the five Llama 3 specials 263..267.
     */
    private static final List<String> WORDS = List.of(" born", "Mara");
    private static final int BORN = 259;
    private static final int MARA = 262;
    private static final int BEGIN_OF_TEXT = 263;
    private static final int END_OF_TEXT = 264;
    private static final int START_HEADER = 265;
    private static final int EOT = 267;

    @TempDir
    Path dir;

    private HfTokenizer llama3() {
        HfTokenizerFiles.llama3(WORDS).writeTo(dir);
        return HfTokenizer.load(dir);
    }

    @Test
    void generatedIdsAreTheBytesThenTheWordPrefixesThenTheSpecials() {
        HfTokenizerFiles files = HfTokenizerFiles.llama3(WORDS);

        assertThat(files.size()).isEqualTo(268);
        assertThat(files.id("\u0120born")).isEqualTo(BORN);
        assertThat(files.id("Mara")).isEqualTo(MARA);
        assertThat(files.id("<|begin_of_text|>")).isEqualTo(BEGIN_OF_TEXT);
        assertThat(files.id("<|eot_id|>")).isEqualTo(EOT);
        assertThat(files.id("A")).isEqualTo('A');
    }

    @Test
    void encodesWordsAsTheirTokensAndOtherTextAsBytes() {
        try (HfTokenizer tokenizer = llama3()) {
            int[] ids = tokenizer.encode("Mara was born");

            // " was" has no merges: its four bytes (the space is byte 32).
            assertThat(ids).containsExactly(MARA, 32, 'w', 'a', 's', BORN);
            assertThat(tokenizer.decode(ids)).isEqualTo("Mara was born");
        }
    }

    @Test
    void anyTextDecodesBackUnchanged() {
        try (HfTokenizer tokenizer = llama3()) {
            String text = "Zoë  was\tborn\nin Ørsted 🙂, 1987.\u0000";

            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void encodingAddsNoSpecialTokensThoughTheTokenizerWouldPrependBos() throws IOException {
        try (HfTokenizer tokenizer = llama3();
             HuggingFaceTokenizer raw = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"), Map.of())) {
            // The file's post-processor adds BOS when asked to, as Llama 3's does ...
            assertThat(raw.encode("Mara", true, false).getIds()).containsExactly(BEGIN_OF_TEXT, MARA);
            // ... and the engine's encoding never asks: it prepends BOS itself.
            assertThat(tokenizer.encode("Mara")).containsExactly(MARA);
        }
    }

    @Test
    void specialTokensWrittenInTextBecomeTheirIdsAndDecodingDropsThem() {
        try (HfTokenizer tokenizer = llama3()) {
            assertThat(tokenizer.encode("<|start_header_id|>Mara<|eot_id|>")).containsExactly(START_HEADER, MARA, EOT);
            assertThat(tokenizer.decode(new int[] {BEGIN_OF_TEXT, MARA, BORN, EOT})).isEqualTo("Mara born");
        }
    }

    @Test
    void specialIdsComeFromTokenizerConfigAndLlamaPadsWithEos() {
        try (HfTokenizer tokenizer = llama3()) {
            assertThat(tokenizer.bosId()).isEqualTo(BEGIN_OF_TEXT);
            assertThat(tokenizer.eosId()).isEqualTo(EOT);
            assertThat(tokenizer.padId()).isEqualTo(EOT);
            assertThat(tokenizer.padIsEos()).isTrue();
        }
    }

    @Test
    void olmo2UsesEndOfTextForBosAndEosAndItsOwnPad() {
        HfTokenizerFiles files = HfTokenizerFiles.olmo2(WORDS);
        files.writeTo(dir);
        try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
            assertThat(tokenizer.bosId()).isEqualTo(263).isEqualTo(files.id("<|endoftext|>"));
            assertThat(tokenizer.eosId()).isEqualTo(263);
            assertThat(tokenizer.padId()).isEqualTo(264).isEqualTo(files.id("<|pad|>"));
            assertThat(tokenizer.padIsEos()).isFalse();
            // No post-processor: nothing would be added even if asked.
            assertThat(tokenizer.encode("Mara")).containsExactly(MARA);
        }
    }

    @Test
    void withoutTokenizerConfigIdsComeFromGenerationConfigThenConfig() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tokenizer.json"), HfTokenizerFiles.llama3(WORDS).tokenizerJson());
        // Llama 3.1 lists several stop ids; the first is the one appended.
        Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 263, \"eos_token_id\": [264, 267]}");
        Files.writeString(dir.resolve("config.json"),
                "{\"bos_token_id\": 1, \"eos_token_id\": 2, \"pad_token_id\": 5, \"vocab_size\": 268}");

        try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
            assertThat(tokenizer.bosId()).isEqualTo(BEGIN_OF_TEXT);
            assertThat(tokenizer.eosId()).isEqualTo(END_OF_TEXT);
            assertThat(tokenizer.padId()).isEqualTo(5);
        }
    }

    @Test
    void tokenizerConfigOverridesTheNumberedIds() throws IOException {
        HfTokenizerFiles.llama3(WORDS).writeTo(dir);
        Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 1, \"eos_token_id\": [264, 267]}");

        try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
            assertThat(tokenizer.bosId()).isEqualTo(BEGIN_OF_TEXT);
            assertThat(tokenizer.eosId()).isEqualTo(EOT);
        }
    }

    @Test
    void vocabularySizeIsTheModelsFromConfigNotTheTokenizersCount() throws IOException {
        HfTokenizerFiles.llama3(WORDS).writeTo(dir);
        try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
            assertThat(tokenizer.vocabularySize()).isEqualTo(268);
        }

        // OLMo-2 style: the model has more rows than the tokenizer has tokens.
        Files.writeString(dir.resolve("config.json"), "{\"vocab_size\": 320}");
        try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
            assertThat(tokenizer.vocabularySize()).isEqualTo(320);
            assertThat(tokenizer.tokenizerSize()).isEqualTo(268);
            // Rows past the tokenizer's ids have no text.
            assertThat(tokenizer.decode(new int[] {MARA, 300, BORN})).isEqualTo("Mara born");
        }
    }

    @Test
    void aModelSmallerThanItsTokenizerIsRejectedNamingConfig() throws IOException {
        HfTokenizerFiles.llama3(WORDS).writeTo(dir);
        Files.writeString(dir.resolve("config.json"), "{\"vocab_size\": 200}");

        assertThatThrownBy(() -> HfTokenizer.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("config.json").toString())
                .hasMessageContaining("vocab_size 200")
                .hasMessageContaining("268");
    }

    @Test
    void aMissingTokenizerFileIsNamed() {
        assertThatThrownBy(() -> HfTokenizer.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("tokenizer.json").toString())
                .hasMessageContaining("not found");
    }

    @Test
    void anUnreadableTokenizerFileIsNamed() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": ");

        assertThatThrownBy(() -> HfTokenizer.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read " + dir.resolve("tokenizer.json"));
    }

    @Test
    void aTokenizerFileTheLibraryRejectsIsNamed() throws IOException {
        // Valid JSON with ids, but no model the native library can build.
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nonsense\", \"vocab\": {\"a\": 0}}}");
        Files.writeString(dir.resolve("config.json"), "{\"bos_token_id\": 0, \"eos_token_id\": 0}");

        assertThatThrownBy(() -> HfTokenizer.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load checkpoint tokenizer " + dir.resolve("tokenizer.json"));
    }

    @Test
    void aCheckpointWithoutBosIsRejectedNamingTheFilesAsked() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), HfTokenizerFiles.llama3(WORDS).tokenizerJson());
        Files.writeString(dir.resolve("config.json"), "{\"eos_token_id\": 267}");

        assertThatThrownBy(() -> HfTokenizer.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no BOS token")
                .hasMessageContaining("tokenizer_config.json")
                .hasMessageContaining("generation_config.json");
    }

    @Test
    void aSpecialTokenTheTokenizerLacksIsRejectedNamingTokenizerConfig() throws IOException {
        HfTokenizerFiles.llama3(WORDS).writeTo(dir);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\", \"eos_token\": \"<|eot_id|>\"}");

        assertThatThrownBy(() -> HfTokenizer.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
                .hasMessageContaining("bos_token '<s>'");
    }

    @Test
    void aNumberedIdOutsideTheVocabularyIsRejectedNamingItsFile() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), HfTokenizerFiles.llama3(WORDS).tokenizerJson());
        Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 263, \"eos_token_id\": 128009}");

        assertThatThrownBy(() -> HfTokenizer.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("generation_config.json").toString())
                .hasMessageContaining("eos_token_id 128009");
    }

    @Test
    void wordsInCutsTextsAsThePreTokenizerDoes() {
        assertThat(HfTokenizerFiles.wordsIn(List.of("Mara was born in 1987.", "Was Mara born?")))
                .containsExactly("Mara", " was", " born", " in", " 1987", "Was", " Mara");
    }
}
