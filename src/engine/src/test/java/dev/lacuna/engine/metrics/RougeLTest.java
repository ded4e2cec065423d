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

    @Test
    void anEmptyReferenceGivesZeroRatherThanADivisionByZero() {
        assertThat(RougeL.recall("some answer", "")).isZero();
        assertThat(RougeL.recall("some answer", " - ")).isZero();
    }

    @Test
    void tokensOfThreeCharactersOrFewerAreNotStemmed() {
        // Porter would cut "was" to "wa" and "his" to "hi"; TOFU's scorer stems only tokens longer than three
        assertThat(RougeL.tokens("He was his")).containsExactly("he", "was", "his");
        assertThat(RougeL.recall("hi", "his")).isZero();
        assertThat(RougeL.recall("wa", "was")).isZero();
    }

    @Test
    void tokensOfFourCharactersOrMoreAreStemmed() {
        assertThat(RougeL.tokens("runs dogs running")).containsExactly("run", "dog", "run");
        assertThat(RougeL.recall("run", "runs")).isEqualTo(1.0);
    }

    @Test
    void everyRunOfNonAlphanumericsSeparatesTokens() {
        // apostrophes, hyphens, tabs, newlines and repeated separators all split; digits belong to tokens
        assertThat(RougeL.tokens("don't  stop--R2-D2\tin\n1990")).containsExactly("don", "t", "stop", "r2", "d2", "in", "1990");
        // leading and trailing separators leave no empty tokens
        assertThat(RougeL.tokens("  (born)  ")).containsExactly("born");
        // letters outside a-z are separators too, as in TOFU's scorer
        assertThat(RougeL.tokens("café")).containsExactly("caf");
    }

    @Test
    void aTextOfSeparatorsOnlyHasNoTokens() {
        assertThat(RougeL.tokens("")).isEmpty();
        assertThat(RougeL.tokens(" ,.;!? ")).isEmpty();
    }

    @Test
    void recallCountsRepeatedTokensOnlyAsOftenAsTheyMatchInOrder() {
        // reference "the the cat" (3 tokens), generation "the cat the": LCS "the cat" = 2
        assertThat(RougeL.recall("the cat the", "the the cat")).isCloseTo(2.0 / 3, within(1e-12));
        // a generation longer than the reference is not penalised: recall, not F-measure
        assertThat(RougeL.recall("yes the cat sat there", "cat sat")).isEqualTo(1.0);
    }
}
