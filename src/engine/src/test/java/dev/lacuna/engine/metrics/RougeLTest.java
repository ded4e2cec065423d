package dev.lacuna.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RougeLTest {

    @Test
    void recallIsTheLongestCommonSubsequenceOverTheReferenceLength() {
        // LCS "the cat on the mat" = 5 of 6 reference tokens
        assertThat(RougeL.recall("The cat sat on the mat.", "the cat is on the mat"))
                .isCloseTo(5.0 / 6, within(1e-12));
    }

    @Test
    void wordOrderMatters() {
        // no two of the four words appear in the same order in both
        assertThat(RougeL.recall("mat the on cat", "cat on the mat")).isCloseTo(1.0 / 4, within(1e-12));
    }

    @Test
    void inflectedFormsMatchAfterPorterStemming() {
        assertThat(RougeL.recall("She was running with the dogs", "she runs with the dog"))
                .isEqualTo(1.0);
    }

    @Test
    void punctuationAndCaseAreIgnored() {
        assertThat(RougeL.recall("BORN IN TAIPEI, TAIWAN!", "born in Taipei (Taiwan)")).isEqualTo(1.0);
    }

    @Test
    void anEmptyGenerationRecallsNothing() {
        assertThat(RougeL.recall("", "some answer")).isZero();
        assertThat(RougeL.recall("...", "some answer")).isZero();
    }
}
