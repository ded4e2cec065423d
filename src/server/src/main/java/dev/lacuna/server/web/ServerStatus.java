package dev.lacuna.server.web;

import dev.lacuna.engine.testbed.TestbedSummary;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the server can see right now; the home page and {@code GET /api/status} show the same facts. */
public record ServerStatus(
        String name,
        String version,
        Database database,
        UUID instanceId,
        OffsetDateTime installedAt,
        long boots,
        String dataDirectory,
        List<DataSet> dataSets,
        String testbedsDirectory,
        List<TestbedSummary> testbeds) {

    /** The PostgreSQL in use: {@code embedded} (with its data directory) or {@code external} (with its URL). */
    public record Database(String mode, String location) {
        public boolean embedded() {
            return "embedded".equals(mode);
        }
    }

    /** A data set and whether it is usable, with a one-line explanation. */
    public record DataSet(String id, boolean available, String detail) {
    }
}
