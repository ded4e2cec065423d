package dev.lacuna.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreTokenizerTest {

    @Test
    void wordsTakeOneLeadingSpaceAndDigitsStandAlone() {
        assertThat(PreTokenizer.pieces("Question: Born on 05/11/1991?\nAnswer: "))
                .containsExactly("Question", ":", " Born", " on", " 0", "5", "/", "1", "1", "/", "1", "9", "9", "1",
                        "?", "\n", "Answer", ":", " ");
    }

    @Test
    void piecesConcatenateBackToTheText() {
        String text = "  Hsiao Yun-Hwa's café, naïve 🙂 co-op\t\tend ";

        assertThat(String.join("", PreTokenizer.pieces(text))).isEqualTo(text);
        assertThat(PreTokenizer.pieces(text)).contains(" café", " naïve", " 🙂", "\t", "end");
        assertThat(PreTokenizer.pieces(text).get(0)).isEqualTo(" ");
    }
}
