package dev.lacuna.server.leaderboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.results.ResultCodec;
import dev.lacuna.server.PostgresTestResource;
import dev.lacuna.server.leaderboard.mapping.BoardMapping;
import dev.lacuna.server.leaderboard.mapping.BoardRow;
import dev.lacuna.server.leaderboard.mapping.Cell;
import dev.lacuna.server.leaderboard.model.HeadlineNumber;
import dev.lacuna.server.leaderboard.model.ResultRecord;
import dev.lacuna.server.leaderboard.service.Boards;
import dev.lacuna.server.leaderboard.service.ImportReport;
import dev.lacuna.server.leaderboard.service.LeaderboardImport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing a leaderboard folder into the real database: idempotent, and specific about what it refuses.
 * Every test leaves the database holding the committed folder again, which the other tests read.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class LeaderboardImportTest {

    @Inject
    LeaderboardImport importer;

    @Inject
    Boards boards;

    @TempDir
    Path temp;

    @AfterEach
    void restoreTheCommittedBoard() {
        ImportReport report = importer.importFrom(PublishedBoard.FOLDER);
        assertThat(report.refused()).isEmpty();
    }

    @Transactional
    Map<String, String> stored() {
        Map<String, String> rows = new TreeMap<>();
        for (ResultRecord r : ResultRecord.all()) {
            rows.put(r.sourcePath, r.id + " " + r.contentSha256 + " " + r.importedAt + " " + r.body.length());
        }
        return rows;
    }

    @Test
    void importingTheCommittedFolderTwiceChangesNothing() {
        ImportReport first = importer.importFrom(PublishedBoard.FOLDER);
        Map<String, String> before = stored();
        ImportReport second = importer.importFrom(PublishedBoard.FOLDER);

        int files = PublishedBoard.results("synthetic-tiny").size();
        assertThat(first.refused()).isEmpty();
        assertThat(second.changedAnything()).isFalse();
        assertThat(second.resultsUnchanged()).isEqualTo(before.size()).isGreaterThanOrEqualTo(files);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aResultComputedWithSixteenBitWeightsGetsItsOwnBoardAndNeverJoinsTheFloat32One() throws IOException {
        Path copy = PublishedBoard.copyTo(temp.resolve("board"));
        Path original = PublishedBoard.results("synthetic-tiny", "objective").get(0);
        String text = Files.readString(original);
        assertThat(text).doesNotContain("\"dtype\"").contains("\"device\" : \"cpu\",");
        Files.writeString(copy.resolve("results/synthetic-tiny/half-objective.json"),
                text.replace("\"device\" : \"cpu\",", "\"device\" : \"cuda:0\",\n  \"dtype\" : \"float16\","));

        ImportReport report = importer.importFrom(copy);

        assertThat(report.refused()).isEmpty();
        Boards.Key half = new Boards.Key("objective", "synthetic", "tiny", "float16");
        Boards.Key full = new Boards.Key("objective", "synthetic", "tiny", "float32");
        assertThat(boards.keys()).contains(half, full);
        assertThat(boards.board(half, null).orElseThrow().rows()).singleElement()
                .satisfies(row -> assertThat(row.name()).isEqualTo(ResultCodec.read(text).plugin().name()));
        // results without the key were computed in float32 and stay on the float32 board, which the copy does not join
        assertThat(boards.board(full, null).orElseThrow().rows())
                .hasSize(PublishedBoard.results("synthetic-tiny", "objective").size());
        assertThat(half.label()).isEqualTo("synthetic/tiny (float16 weights)");
        assertThat(full.label()).isEqualTo("synthetic/tiny");
        // the pages and the API serve it as a board of its own; float32 links stay as they were
        String page = given().when().get("/?kind=objective&testbed=synthetic&model=tiny&dtype=float16").then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("Objectives on synthetic/tiny (float16 weights)</h2>")
                .contains("href=\"/?kind=objective&amp;testbed=synthetic&amp;model=tiny\">synthetic/tiny</a>")
                .contains("/api/leaderboard?kind=objective&amp;testbed=synthetic&amp;model=tiny&amp;dtype=float16&amp;sort=");
        String csv = given().when().get("/api/leaderboard?kind=objective&testbed=synthetic&model=tiny&dtype=float16&format=csv")
                .then().statusCode(200).extract().asString();
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv.split("\r\n")[1]).startsWith("objective,synthetic,tiny,float16,");
        given().when().get("/api/leaderboard?kind=objective&testbed=synthetic&model=tiny&dtype=fp16").then().statusCode(404);
    }

    @Test
    void aResultNamingATestbedWithoutManifestIsRefusedWithTheHashAndKeepsItsLastGoodRow() throws IOException {
        importer.importFrom(PublishedBoard.FOLDER);
        Map<String, String> before = stored();
        Path copy = PublishedBoard.copyTo(temp.resolve("board"));
        Path anyResult = PublishedBoard.results("synthetic-tiny").get(0);
        String hash = PublishedBoard.read(anyResult).path("per_seed").get(0).path("testbed_hash").asText();
        Files.delete(copy.resolve("testbeds").resolve(hash + ".json"));

        ImportReport report = importer.importFrom(copy);

        int files = PublishedBoard.results("synthetic-tiny").size();
        assertThat(report.refused()).hasSize(files)
                .allSatisfy(line -> assertThat(line).contains("unknown testbed hash " + hash));
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aFileThatBreaksTheSchemaIsRefusedAndNamedWhileTheOthersImport() throws IOException {
        Path copy = PublishedBoard.copyTo(temp.resolve("board"));
        Path broken = copy.resolve("results/synthetic-tiny/broken-objective.json");
        String text = Files.readString(PublishedBoard.results("synthetic-tiny", "objective").get(0));
        Files.writeString(broken, text.replaceFirst("\"aues_p\"", "\"aues_q\""));

        ImportReport report = importer.importFrom(copy);

        assertThat(report.refused()).singleElement().asString()
                .startsWith("results/synthetic-tiny/broken-objective.json: breaks docs/result-schema.json");
        assertThat(stored()).hasSize(PublishedBoard.results("synthetic-tiny").size());
    }

    @Test
    void aChangedFileReplacesItsRowAndARemovedFileRemovesIt() throws IOException {
        importer.importFrom(PublishedBoard.FOLDER);
        Map<String, String> before = stored();
        Path copy = PublishedBoard.copyTo(temp.resolve("board"));
        List<Path> files = PublishedBoard.results("synthetic-tiny");
        Path changed = copy.resolve("results/synthetic-tiny").resolve(files.get(0).getFileName().toString());
        Files.writeString(changed, Files.readString(changed).replaceFirst("\"device\" : \"[^\"]*\"", "\"device\" : \"elsewhere\""));
        Files.delete(copy.resolve("results/synthetic-tiny").resolve(files.get(1).getFileName().toString()));

        ImportReport report = importer.importFrom(copy);

        assertThat(report.resultsUpdated()).isEqualTo(1);
        assertThat(report.resultsRemoved()).isEqualTo(1);
        assertThat(report.resultsUnchanged()).isEqualTo(before.size() - 2);
        Map<String, String> after = stored();
        String changedPath = "results/synthetic-tiny/" + files.get(0).getFileName();
        assertThat(after.get(changedPath)).isNotEqualTo(before.get(changedPath));
        assertThat(after).doesNotContainKey("results/synthetic-tiny/" + files.get(1).getFileName());
    }

    @Test
    void theSameBytesUnderASecondPathAreRefusedNamingTheFirst() throws IOException {
        Path copy = PublishedBoard.copyTo(temp.resolve("board"));
        Path original = PublishedBoard.results("synthetic-tiny").get(0);
        Files.createDirectories(copy.resolve("results/synthetic-tiny2"));
        Files.copy(original, copy.resolve("results/synthetic-tiny2/" + original.getFileName()));

        ImportReport report = importer.importFrom(copy);

        assertThat(report.refused()).singleElement().asString()
                .isEqualTo("results/synthetic-tiny2/" + original.getFileName() + ": the same bytes as results/synthetic-tiny/"
                        + original.getFileName() + ": a result is published once");
    }

    @Transactional
    Map<String, String> headlines() {
        Map<String, String> rows = new TreeMap<>();
        for (ResultRecord r : ResultRecord.all()) {
            Map<String, Cell> board = BoardMapping.values(ResultCodec.read(r.body));
            assertThat(r.headline.keySet()).as(r.sourcePath).isEqualTo(board.entrySet().stream()
                    .filter(c -> c.getValue().mean() != null).map(Map.Entry::getKey).collect(Collectors.toSet()));
            for (Map.Entry<String, HeadlineNumber> n : r.headline.entrySet()) {
                Cell cell = board.get(n.getKey());
                assertThat(n.getValue().mean).as(r.sourcePath + " " + n.getKey()).isEqualTo(cell.mean());
                assertThat(n.getValue().sd).as(r.sourcePath + " " + n.getKey()).isEqualTo(cell.sd());
                rows.put(r.sourcePath + " " + n.getKey(), n.getValue().mean + " " + n.getValue().sd);
            }
        }
        return rows;
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<String> rankedInSql(String column) {
        return ResultRecord.getEntityManager().createNativeQuery("select r.plugin_name from published_result r "
                + "join published_result_headline h on h.result_id = r.id "
                + "where r.kind = 'objective' and r.family = 'synthetic' and r.model = 'tiny' and h.name = ?1 "
                + "order by h.mean desc nulls last").setParameter(1, column).getResultList();
    }

    @Transactional
    void forgetTheHeadlines() {
        ResultRecord.getEntityManager().createNativeQuery("delete from published_result_headline").executeUpdate();
    }

    @Test
    void everyResultKeepsTheBoardsNumbersAsIndexedRowsThatRankInSqlAsTheBoardSorts() {
        importer.importFrom(PublishedBoard.FOLDER);
        Map<String, String> numbers = headlines();
        assertThat(numbers).as("a row per column of every result").hasSizeGreaterThanOrEqualTo(
                PublishedBoard.results("synthetic-tiny", "objective").size() * 10);
        for (String column : List.of("aues_oracle", "aues_delta", "mu95_oracle")) {
            List<String> board = boards.board(new Boards.Key("objective", "synthetic", "tiny", "float32"), "-" + column).orElseThrow().rows().stream()
                    .map(BoardRow::name).toList();
            assertThat(rankedInSql(column)).as(column).isEqualTo(board);
        }

        // rows stored before the headline table existed get their numbers at the next import, and nothing else changes
        forgetTheHeadlines();
        ImportReport again = importer.importFrom(PublishedBoard.FOLDER);
        assertThat(again.changedAnything()).isFalse();
        assertThat(headlines()).isEqualTo(numbers);
    }

    @Test
    void aMissingFolderIsAClearError() {
        assertThatThrownBy(() -> importer.importFrom(temp.resolve("nowhere")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no leaderboard folder at");
    }
}
