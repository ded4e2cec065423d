package dev.lacuna.server.leaderboard.mapping;

import java.util.Map;

/**
 * One line of a board, as pages, CSV and JSON show it; never an engine or result record.
 *
 * @param reference "Oracle" or "Random" for the reference rows every entry is compared against, else null
 * @param values    one cell per {@link BoardColumn} key of the board's kind
 */
public record BoardRow(String resultId, String submissionId, String name, String version, String pluginSha256,
                       String reference, int seeds, String testbedHash, Map<String, Cell> values) {

    public BoardRow {
        values = Map.copyOf(values);
    }

    public Cell value(String key) {
        return values.get(key);
    }

    public boolean referenceRow() {
        return reference != null;
    }
}
