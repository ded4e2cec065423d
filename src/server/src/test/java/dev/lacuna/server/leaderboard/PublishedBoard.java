package dev.lacuna.server.leaderboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The leaderboard folder the tests run against ({@code test.leaderboard.dir}, set by the pom to a fixed board
 * of real harness output): the server under test imports it at start-up ({@code %test.lacuna.leaderboard-dir}),
 * and tests read the same files to know what to expect.
 */
public final class PublishedBoard {

    public static final Path FOLDER = Path.of(System.getProperty("test.leaderboard.dir", "../../leaderboard"))
            .toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedBoard() {
    }

    /** Result files of one folder under {@code results/}, e.g. {@code synthetic-tiny}, sorted. */
    public static List<Path> results(String group) {
        Path folder = FOLDER.resolve("results").resolve(group);
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the committed leaderboard has no " + folder, e);
        }
    }

    public static List<Path> results(String group, String kind) {
        return results(group).stream().filter(p -> kind.equals(read(p).path("kind").asText())).toList();
    }

    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A copy of the committed folder to change without touching the repository. */
    public static Path copyTo(Path target) {
        try (Stream<Path> paths = Files.walk(FOLDER)) {
            for (Path source : paths.toList()) {
                Path destination = target.resolve(FOLDER.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else if (source.toString().endsWith(".json")) {
                    Files.copy(source, destination);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + FOLDER, e);
        }
    }
}
