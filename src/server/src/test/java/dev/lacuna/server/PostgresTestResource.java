package dev.lacuna.server;

import dev.lacuna.server.database.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real PostgreSQL for tests: the server named by {@code TEST_PG_URL} (with {@code TEST_PG_USER} and
 * {@code TEST_PG_PASSWORD}) when CI started one, otherwise a fresh embedded one.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase embedded;
    private Path directory;

    @Override
    public Map<String, String> start() {
        String url = System.getenv("TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return Map.of(
                    "quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", System.getenv().getOrDefault("TEST_PG_USER", "postgres"),
                    "quarkus.datasource.password", System.getenv().getOrDefault("TEST_PG_PASSWORD", ""),
                    "lacuna.database.mode", "external");
        }
        try {
            directory = Files.createTempDirectory("lacuna-test-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        embedded = EmbeddedDatabase.start(directory);
        return Map.of(
                "quarkus.datasource.jdbc.url", embedded.jdbcUrl(),
                "quarkus.datasource.username", EmbeddedDatabase.USER,
                "quarkus.datasource.password", "",
                "lacuna.database.mode", "embedded",
                "lacuna.database.location", directory.toString());
    }

    @Override
    public void stop() {
        if (embedded != null) {
            embedded.close();
            TestFiles.deleteRecursively(directory);
        }
    }
}
