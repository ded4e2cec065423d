package dev.lacuna.server.leaderboard.mapping;

import java.util.List;

/**
 * Everything the submission page shows of one published result, already in words and numbers for the
 * template: no result or engine record reaches a page.
 */
public record ResultView(String anchor, String testbed, String resultId, String kind, List<Fact> facts,
                         List<Fact> headline, List<SvgChart> charts, List<String> seedColumns, List<List<String>> seedRows,
                         List<String> layerColumns, List<List<String>> layerRows, List<Fact> calibration,
                         List<List<String>> probes, List<Fact> timings, List<Fact> settings) {

    /** A labelled value; {@code code} values are shown in monospace (hashes). */
    public record Fact(String label, String value, boolean code) {

        public static Fact of(String label, String value) {
            return new Fact(label, value, false);
        }

        public static Fact code(String label, String value) {
            return new Fact(label, value, true);
        }
    }
}
