package dev.lacuna.engine.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import opennlp.tools.stemmer.PorterStemmer;

/**
 * ROUGE-L recall of a generation against a reference answer, tokenised as TOFU's scorer does: lower
 * case, every character other than a-z and 0-9 is a separator, and tokens longer than three characters
 * are reduced with the Porter stemmer.
 */
public final class RougeL {

    private RougeL() {
    }

    /** Length of the longest common token subsequence over the number of reference tokens; 0 if either is empty. */
    public static double recall(String generated, String reference) {
        List<String> candidate = tokens(generated);
        List<String> target = tokens(reference);
        if (candidate.isEmpty() || target.isEmpty()) {
            return 0;
        }
        return (double) longestCommonSubsequence(candidate, target) / target.size();
    }

    static List<String> tokens(String text) {
        String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
        List<String> tokens = new ArrayList<>();
        if (cleaned.isEmpty()) {
            return tokens;
        }
        PorterStemmer stemmer = new PorterStemmer();
        for (String token : cleaned.split(" ")) {
            tokens.add(token.length() > 3 ? stemmer.stem(token) : token);
        }
        return tokens;
    }

    private static int longestCommonSubsequence(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                current[j] = x.equals(b.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.size()];
    }
}
