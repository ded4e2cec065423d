package dev.lacuna.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @Test
    void aRowWrittenBeforeARestartIsReadBackAfterIt(@TempDir Path home) throws SQLException {
        Path dataDirectory = home.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dataDirectory);
                Connection connection = DriverManager.getConnection(first.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("create table note (body text)");
            statement.execute("insert into note values ('kept across restarts')");
        }

        try (EmbeddedDatabase second = EmbeddedDatabase.start(dataDirectory);
                Connection connection = DriverManager.getConnection(second.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select body from note")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("kept across restarts");
            assertThat(rows.next()).isFalse();
        }
    }
}
