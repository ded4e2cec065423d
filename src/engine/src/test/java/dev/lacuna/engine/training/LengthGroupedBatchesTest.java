package dev.lacuna.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.model.EncodedItem;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LengthGroupedBatchesTest {

    private static List<EncodedItem> items(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new EncodedItem("i" + i, new int[1 + i % 13], new int[1 + (i * 7) % 5]))
                .toList();
    }

    @Test
    void everyItemAppearsExactlyOncePerEpoch() {
        List<EncodedItem> items = items(103);
        List<EncodedItem> seen = new ArrayList<>();
        List<List<EncodedItem>> batches = LengthGroupedBatches.of(items, 8, 1);
        batches.forEach(seen::addAll);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(items);
        assertThat(batches).allSatisfy(b -> assertThat(b.size()).isBetween(1, 8));
    }

    @Test
    void batchesGroupSimilarLengths() {
        List<List<EncodedItem>> batches = LengthGroupedBatches.of(items(128), 8, 1);
        int spread = batches.stream().mapToInt(b -> {
            int max = b.stream().mapToInt(i -> i.prompt().length + i.answer().length).max().orElseThrow();
            int min = b.stream().mapToInt(i -> i.prompt().length + i.answer().length).min().orElseThrow();
            return max - min;
        }).max().orElseThrow();
        assertThat(spread).isLessThanOrEqualTo(3);
    }

    @Test
    void theOrderIsSeeded() {
        List<EncodedItem> items = items(50);
        assertThat(LengthGroupedBatches.of(items, 4, 3)).isEqualTo(LengthGroupedBatches.of(items, 4, 3));
        assertThat(LengthGroupedBatches.of(items, 4, 3)).isNotEqualTo(LengthGroupedBatches.of(items, 4, 4));
    }
}
