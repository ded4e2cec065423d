package dev.lacuna.server.leaderboard.service;

import java.util.List;

/**
 * What one import of a leaderboard folder did. Importing the same folder again reports everything as
 * unchanged.
 *
 * @param refused one line per file that was not imported: its path and the reason
 */
public record ImportReport(int testbedsAdded, int testbedsUnchanged, int resultsAdded, int resultsUpdated,
                           int resultsUnchanged, int resultsRemoved, List<String> refused) {

    public ImportReport {
        refused = List.copyOf(refused);
    }

    public boolean changedAnything() {
        return testbedsAdded + resultsAdded + resultsUpdated + resultsRemoved > 0;
    }

    /** One line for people: counts, then the refusals. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("testbeds: ").append(testbedsAdded).append(" added, ").append(testbedsUnchanged).append(" unchanged; ")
                .append("results: ").append(resultsAdded).append(" added, ").append(resultsUpdated).append(" updated, ")
                .append(resultsUnchanged).append(" unchanged, ").append(resultsRemoved).append(" removed, ")
                .append(refused.size()).append(" refused");
        for (String line : refused) {
            out.append('\n').append("refused ").append(line);
        }
        return out.toString();
    }
}
