package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBatchTest {

    private static final EncodedItem SHORT = new EncodedItem("a", new int[] {1, 10}, new int[] {20, 21});
    private static final EncodedItem LONG = new EncodedItem("b", new int[] {1, 11, 12}, new int[] {30, 31, 32});

    @Test
    void sequencesAreRightPaddedToTheLongest() {
        TokenBatch batch = TokenBatch.of(List.of(SHORT, LONG), 0, 2);
        assertThat(batch.length()).isEqualTo(6);
        assertThat(batch.tokens()).containsExactly(1, 10, 20, 21, 0, 0, 1, 11, 12, 30, 31, 32);
    }

    @Test
    void onlyAnswerTokensAndEosAreScoredEachFromThePrecedingPosition() {
        TokenBatch batch = TokenBatch.of(List.of(SHORT, LONG), 0, 2);
        assertThat(batch.scoredPositions()).containsExactly(1, 2, 3, 8, 9, 10, 11);
        assertThat(batch.targets()).containsExactly(20, 21, 2, 30, 31, 32, 2);
        assertThat(batch.answerLengths()).containsExactly(3, 4);
    }

    @Test
    void withoutEosOnlyTheAnswerIsScored() {
        TokenBatch batch = TokenBatch.of(List.of(SHORT, LONG), 0, -1);
        assertThat(batch.scoredPositions()).containsExactly(1, 2, 8, 9, 10);
        assertThat(batch.targets()).containsExactly(20, 21, 30, 31, 32);
    }
}
