package dev.lacuna.engine.training;

import dev.lacuna.engine.model.EncodedItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batches of similar length, so that padding wastes little compute, in a seeded random order. Items are
 * shuffled, sorted by length within windows of 16 batches, cut into batches, and the batches shuffled: the
 * same grouping idea as Hugging Face's length-grouped sampler.
 */
public final class LengthGroupedBatches {

    private static final int WINDOW_BATCHES = 16;

    private LengthGroupedBatches() {
    }

    public static List<List<EncodedItem>> of(List<EncodedItem> items, int batchSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<EncodedItem> shuffled = new ArrayList<>(items);
        shuffle(shuffled, random);
        int window = batchSize * WINDOW_BATCHES;
        List<List<EncodedItem>> batches = new ArrayList<>();
        for (int start = 0; start < shuffled.size(); start += window) {
            List<EncodedItem> chunk = new ArrayList<>(shuffled.subList(start, Math.min(shuffled.size(), start + window)));
            chunk.sort(Comparator.comparingInt(i -> i.prompt().length + i.answer().length));
            for (int b = 0; b < chunk.size(); b += batchSize) {
                batches.add(List.copyOf(chunk.subList(b, Math.min(chunk.size(), b + batchSize))));
            }
        }
        shuffle(batches, random);
        return batches;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
