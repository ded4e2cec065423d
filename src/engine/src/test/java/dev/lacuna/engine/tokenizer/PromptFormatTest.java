package dev.lacuna.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.DataSetKind;
import dev.lacuna.engine.data.QaItem;
import dev.lacuna.engine.data.TofuReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptFormatTest {

    private static final String TOFU_PROMPT = TofuReader.prompt("Where was Mara born?");

    @Test
    void plainLeavesThePromptItsCorpusAndItsItemsAsTheyAre() {
        QaItem item = new QaItem("tofu/forget10/0", TOFU_PROMPT, "In Orvel.", "Orvel.", List.of("In Brask."));
        Corpus corpus = new Corpus(DataSetKind.TOFU, List.of(item), List.of(), List.of(item), Map.of());

        assertThat(PromptFormat.PLAIN.prompt(TOFU_PROMPT)).isSameAs(TOFU_PROMPT);
        assertThat(PromptFormat.PLAIN.apply(item)).isSameAs(item);
        assertThat(PromptFormat.PLAIN.apply(corpus)).isSameAs(corpus);
    }

    @Test
    void llama3WrapsTheTrimmedTofuPromptAsTheUserTurnAndOpensTheAssistantTurn() {
        assertThat(PromptFormat.LLAMA3_CHAT.prompt(TOFU_PROMPT)).isEqualTo(
                "<|start_header_id|>user<|end_header_id|>\n\nQuestion: Where was Mara born?\nAnswer:<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void olmo2WrapsTheTofuPromptUntrimmedInTuluTurns() {
        assertThat(PromptFormat.OLMO2_CHAT.prompt(TOFU_PROMPT))
                .isEqualTo("<|user|>\nQuestion: Where was Mara born?\nAnswer: \n<|assistant|>\n");
    }

    @Test
    void applyWrapsEveryPromptOfACorpusAndKeepsAnswersSetsAndOrder() {
        QaItem forget = new QaItem("f", TOFU_PROMPT, "In Orvel.", "Orvel it was.", List.of("In Brask.", "In Dun."));
        QaItem retain = QaItem.of("r", TofuReader.prompt("Who wrote Ash?"), "Tomas.");
        Corpus corpus = new Corpus(DataSetKind.TOFU, List.of(forget), List.of(retain), List.of(forget),
                Map.of(Corpus.RETAIN_EVAL, List.of(retain)));

        Corpus wrapped = PromptFormat.OLMO2_CHAT.apply(corpus);

        QaItem f = wrapped.forget().get(0);
        assertThat(f.prompt()).isEqualTo("<|user|>\n" + TOFU_PROMPT + "\n<|assistant|>\n");
        assertThat(List.of(f.id(), f.answer(), f.paraphrasedAnswer())).containsExactly("f", "In Orvel.", "Orvel it was.");
        assertThat(f.perturbedAnswers()).containsExactly("In Brask.", "In Dun.");
        assertThat(wrapped.retain().get(0).prompt()).isEqualTo("<|user|>\nQuestion: Who wrote Ash?\nAnswer: \n<|assistant|>\n");
        assertThat(wrapped.forgetEval()).containsExactly(f);
        assertThat(wrapped.utility().get(Corpus.RETAIN_EVAL)).containsExactlyElementsOf(wrapped.retain());
        assertThat(wrapped.kind()).isEqualTo(DataSetKind.TOFU);
    }

    @Test
    void formatsAreRecordedAndFoundByName() {
        assertThat(Arrays.stream(PromptFormat.values()).map(PromptFormat::id))
                .containsExactly("plain", "llama3-chat", "olmo2-chat");
        for (PromptFormat format : PromptFormat.values()) {
            assertThat(PromptFormat.named(format.id())).isSameAs(format);
        }
        assertThatThrownBy(() -> PromptFormat.named("chatml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chatml'")
                .hasMessageContaining("plain, llama3-chat, olmo2-chat");
    }

    @Test
    void theChatTemplateSuggestsTheFormat() {
        assertThat(PromptFormat.suggestedBy(null)).isEqualTo(PromptFormat.PLAIN);
        assertThat(PromptFormat.suggestedBy(HfTokenizerFiles.llama3(List.of()).chatTemplate())).isEqualTo(PromptFormat.LLAMA3_CHAT);
        assertThat(PromptFormat.suggestedBy(HfTokenizerFiles.olmo2(List.of()).chatTemplate())).isEqualTo(PromptFormat.OLMO2_CHAT);
        assertThatThrownBy(() -> PromptFormat.suggestedBy("{% for m in messages %}<|im_start|>{% endfor %}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name one explicitly");
    }

    @Test
    void llamaTrimsAsJinjaDoesIncludingNoBreakSpaces() {
        assertThat(PromptFormat.jinjaTrim(" \t\u00A0Q: x?\nA: \u2007\n")).isEqualTo("Q: x?\nA:");
        assertThat(PromptFormat.jinjaTrim("\u200Bkept\u200B")).isEqualTo("\u200Bkept\u200B");
        assertThat(PromptFormat.jinjaTrim(" \n ")).isEmpty();
    }
}
