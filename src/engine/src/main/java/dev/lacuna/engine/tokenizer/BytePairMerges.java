package dev.lacuna.engine.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Learns candidate subword strings by byte-pair-style merging of adjacent symbols within pieces,
 * most frequent pair first, ties broken by the pair's symbol ids so the result depends only on the input.
 * Pair counts are updated incrementally, so learning thousands of merges on TOFU takes well under a second.
 */
final class BytePairMerges {

    private BytePairMerges() {
    }

    /**
     * Merged strings (never single characters) in the order they were first created, without
     * duplicates, until {@code limit} strings exist or no pair occurs at least twice.
     *
     * @param pieceCounts how often each piece occurs
     * @param alphabet    every code point of the pieces, sorted
     */
    static List<String> learn(Map<String, Long> pieceCounts, List<Integer> alphabet, int limit) {
        List<String> symbols = new ArrayList<>();
        Map<Integer, Integer> symbolOfCodePoint = new HashMap<>();
        for (int cp : alphabet) {
            symbolOfCodePoint.put(cp, symbols.size());
            symbols.add(Character.toString(cp));
        }
        List<String> pieces = new ArrayList<>(new TreeSet<>(pieceCounts.keySet()));
        int[][] words = new int[pieces.size()][];
        long[] freq = new long[pieces.size()];
        for (int w = 0; w < pieces.size(); w++) {
            String piece = pieces.get(w);
            words[w] = piece.codePoints().map(symbolOfCodePoint::get).toArray();
            freq[w] = pieceCounts.get(piece);
        }

        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> pairWords = new HashMap<>();
        for (int w = 0; w < words.length; w++) {
            addPairs(words[w], freq[w], w, pairCounts, pairWords, null);
        }
        PriorityQueue<long[]> queue = new PriorityQueue<>(
                Comparator.<long[]>comparingLong(e -> -e[0]).thenComparingLong(e -> e[1]));
        pairCounts.forEach((key, count) -> queue.add(new long[] {count, key}));

        Set<String> learned = new LinkedHashSet<>();
        while (learned.size() < limit && !queue.isEmpty()) {
            long[] top = queue.poll();
            Long current = pairCounts.get(top[1]);
            if (current == null || current != top[0]) {
                continue;
            }
            if (current < 2) {
                break;
            }
            long key = top[1];
            int left = (int) (key >>> 32);
            int right = (int) key;
            int merged = symbols.size();
            String text = symbols.get(left) + symbols.get(right);
            symbols.add(text);
            learned.add(text);

            Map<Long, Long> changed = new HashMap<>();
            for (int w : pairWords.remove(key)) {
                int[] word = words[w];
                if (!contains(word, left, right)) {
                    continue;
                }
                removePairs(word, freq[w], pairCounts, changed);
                words[w] = merge(word, left, right, merged);
                addPairs(words[w], freq[w], w, pairCounts, pairWords, changed);
            }
            pairCounts.remove(key);
            for (long changedKey : changed.keySet()) {
                Long count = pairCounts.get(changedKey);
                if (count != null && count > 0) {
                    queue.add(new long[] {count, changedKey});
                }
            }
        }
        return new ArrayList<>(learned);
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private static boolean contains(int[] word, int left, int right) {
        for (int i = 0; i + 1 < word.length; i++) {
            if (word[i] == left && word[i + 1] == right) {
                return true;
            }
        }
        return false;
    }

    private static int[] merge(int[] word, int left, int right, int merged) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static void addPairs(int[] word, long freq, int w, Map<Long, Long> counts,
                                 Map<Long, Set<Integer>> where, Map<Long, Long> changed) {
        for (int i = 0; i + 1 < word.length; i++) {
            long key = pair(word[i], word[i + 1]);
            counts.merge(key, freq, Long::sum);
            where.computeIfAbsent(key, k -> new TreeSet<>()).add(w);
            if (changed != null) {
                changed.put(key, 0L);
            }
        }
    }

    private static void removePairs(int[] word, long freq, Map<Long, Long> counts, Map<Long, Long> changed) {
        for (int i = 0; i + 1 < word.length; i++) {
            long key = pair(word[i], word[i + 1]);
            long left = counts.merge(key, -freq, Long::sum);
            if (left <= 0) {
                counts.remove(key);
            }
            changed.put(key, 0L);
        }
    }
}
