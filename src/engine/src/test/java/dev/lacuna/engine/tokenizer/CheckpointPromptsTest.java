package dev.lacuna.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.data.QaItem;
import dev.lacuna.engine.data.TofuReader;
import dev.lacuna.engine.model.EncodedItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointPromptsTest {

    /** No words: every ordinary token is a byte, so an expected encoding is the text's UTF-8 bytes. */
    private static final HfTokenizerFiles LLAMA3 = HfTokenizerFiles.llama3(List.of());
    private static final HfTokenizerFiles OLMO2 = HfTokenizerFiles.olmo2(List.of());
    private static final QaItem ITEM = QaItem.of("tofu/forget10/0", TofuReader.prompt("Who?"), "Mara.");

    @TempDir
    Path dir;

    @Test
    void llama3ItemIsBosTheUserTurnAndTheAssistantHeaderThenTheAnswer() {
        LLAMA3.writeTo(dir);
        try (CheckpointPrompts prompts = CheckpointPrompts.open(dir, PromptFormat.LLAMA3_CHAT)) {
            EncodedItem item = prompts.encode(ITEM);

            int begin = LLAMA3.id("<|begin_of_text|>");
            int start = LLAMA3.id("<|start_header_id|>");
            int end = LLAMA3.id("<|end_header_id|>");
            int eot = LLAMA3.id("<|eot_id|>");
            int[] expected = concat(new int[] {begin, start}, bytes("user"), new int[] {end},
                    bytes("\n\nQuestion: Who?\nAnswer:"), new int[] {eot, start}, bytes("assistant"), new int[] {end},
                    bytes("\n\n"));
            assertThat(item.prompt()).containsExactly(expected);
            assertThat(item.answer()).containsExactly(bytes("Mara."));
            // The trainer appends this after the answer: the Instruct model's end of turn.
            assertThat(prompts.tokenizer().eosId()).isEqualTo(eot);
        }
    }

    @Test
    void olmo2ItemIsEndOfTextThenTuluTurnsSpelledAsText() {
        OLMO2.writeTo(dir);
        try (CheckpointPrompts prompts = CheckpointPrompts.open(dir, PromptFormat.OLMO2_CHAT)) {
            EncodedItem item = prompts.encode(ITEM);

            int endOfText = OLMO2.id("<|endoftext|>");
            assertThat(item.prompt()).containsExactly(concat(new int[] {endOfText},
                    bytes("<|user|>\nQuestion: Who?\nAnswer: \n<|assistant|>\n")));
            assertThat(item.answer()).containsExactly(bytes("Mara."));
            assertThat(prompts.tokenizer().eosId()).isEqualTo(endOfText);
        }
    }

    @Test
    void chatPromptsEndWhereThePreTokenizerCutsSoPromptAndAnswerEncodeAsOneText() {
        List<String> words = HfTokenizerFiles.wordsIn(List.of(ITEM.prompt(), "Mara was born in Orvel.", "user assistant"));
        HfTokenizerFiles.llama3(words).writeTo(dir.resolve("llama"));
        HfTokenizerFiles.olmo2(words).writeTo(dir.resolve("olmo"));
        for (PromptFormat format : List.of(PromptFormat.LLAMA3_CHAT, PromptFormat.OLMO2_CHAT)) {
            Path folder = dir.resolve(format == PromptFormat.LLAMA3_CHAT ? "llama" : "olmo");
            try (CheckpointPrompts prompts = CheckpointPrompts.open(folder, format)) {
                QaItem item = QaItem.of("x", ITEM.prompt(), "Mara was born in Orvel.");
                EncodedItem encoded = prompts.encode(item);

                int[] joint = prompts.tokenizer().encode(format.prompt(item.prompt()) + item.answer());
                assertThat(concat(IntStream.of(encoded.prompt()).skip(1).toArray(), encoded.answer())).containsExactly(joint);
            }
        }
    }

    @Test
    void plainOnACheckpointIsTheEnginesUsualEncoding() {
        LLAMA3.writeTo(dir);
        try (CheckpointPrompts prompts = CheckpointPrompts.open(dir, PromptFormat.PLAIN)) {
            EncodedItem viaFormat = prompts.encode(ITEM);
            EncodedItem usual = EncodedItem.of(ITEM, prompts.tokenizer());

            assertThat(viaFormat.prompt()).containsExactly(usual.prompt());
            assertThat(viaFormat.answer()).containsExactly(usual.answer());
            assertThat(usual.prompt()).containsExactly(concat(new int[] {LLAMA3.id("<|begin_of_text|>")},
                    bytes("Question: Who?\nAnswer: ")));
        }
    }

    @Test
    void theChatTemplateChoosesTheFormatWhenNoneIsNamed() {
        LLAMA3.writeTo(dir.resolve("llama"));
        OLMO2.writeTo(dir.resolve("olmo"));
        try (CheckpointPrompts llama = CheckpointPrompts.open(dir.resolve("llama"));
             CheckpointPrompts olmo = CheckpointPrompts.open(dir.resolve("olmo"))) {
            assertThat(llama.format()).isEqualTo(PromptFormat.LLAMA3_CHAT);
            assertThat(olmo.format()).isEqualTo(PromptFormat.OLMO2_CHAT);
        }
    }

    @Test
    void aFormatForAnotherModelsTokenizerIsRejected() {
        LLAMA3.writeTo(dir.resolve("llama"));
        OLMO2.writeTo(dir.resolve("olmo"));

        assertThatThrownBy(() -> CheckpointPrompts.open(dir.resolve("llama"), PromptFormat.OLMO2_CHAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("olmo2-chat")
                .hasMessageContaining("<|endoftext|>");
        assertThatThrownBy(() -> CheckpointPrompts.open(dir.resolve("olmo"), PromptFormat.LLAMA3_CHAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("llama3-chat")
                .hasMessageContaining("<|begin_of_text|>");
    }

    @Test
    void aLlamaTokenizerEndingAnswersWithEndOfTextDoesNotFitTheChatFormat() throws IOException {
        LLAMA3.writeTo(dir);
        // A base model's configuration: EOS is <|end_of_text|>, not the Instruct turn's end.
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"bos_token\": \"<|begin_of_text|>\", \"eos_token\": \"<|end_of_text|>\"}");

        assertThatThrownBy(() -> CheckpointPrompts.open(dir, PromptFormat.LLAMA3_CHAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<|eot_id|> (id " + LLAMA3.id("<|eot_id|>") + ") as EOS")
                .hasMessageContaining("EOS id is " + LLAMA3.id("<|end_of_text|>"));
    }

    private static int[] bytes(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            ids[i] = raw[i] & 0xFF;
        }
        return ids;
    }

    private static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(IntStream::of).toArray();
    }
}
