package dev.lacuna.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.server.PostgresTestResource;
import dev.lacuna.server.leaderboard.PublishedBoard;
import dev.lacuna.server.leaderboard.service.LeaderboardImport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The board as a reader uses it, in headless Chromium: sort, switch testbed, open a submission, download
 * the CSV. Screenshots of each step land in {@code target/screenshots/}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class BoardBrowserTest {

    @TestHTTPResource("/")
    URL home;

    @Inject
    LeaderboardImport importer;

    @TempDir
    Path temp;

    @RegisterExtension
    final Browser.PerTest session = new Browser.PerTest();

    @AfterEach
    void restoreTheBoard() {
        importer.importFrom(PublishedBoard.FOLDER);
    }

    private void screenshot(String name) throws IOException {
        Path folder = Path.of("target/screenshots");
        Files.createDirectories(folder);
        Files.write(folder.resolve(name + ".png"), session.driver().getScreenshotAs(OutputType.BYTES));
    }

    /** The numbers of one column, top to bottom; null where the cell has none. */
    private List<Double> column(String key) {
        List<Double> values = new ArrayList<>();
        for (WebElement cell : session.driver().findElements(By.cssSelector("#board tbody td[data-key='" + key + "']"))) {
            String v = cell.getAttribute("data-value");
            values.add(v == null || v.isEmpty() ? null : Double.valueOf(v));
        }
        return values;
    }

    private static Comparator<Double> descendingNullsLast() {
        return Comparator.nullsLast(Comparator.<Double>reverseOrder());
    }

    private void clickHeading(String key) {
        session.driver().findElement(By.cssSelector("#board th[data-key='" + key + "'] a.sort")).click();
    }

    @Test
    void aReaderSortsTheBoardByTwoColumnsInBothDirections() throws IOException {
        session.driver().get(home.toString());
        assertThat(session.driver().findElement(By.id("board-title")).getText()).isEqualTo("Objectives on synthetic/tiny");
        assertThat(session.driver().findElements(By.cssSelector("#board tbody tr")))
                .hasSize(PublishedBoard.results("synthetic-tiny", "objective").size());
        assertThat(column("aues_oracle")).isSortedAccordingTo(descendingNullsLast());
        screenshot("board");

        session.driver().findElement(By.linkText("Localizers")).click();
        List<String> names = PublishedBoard.results("synthetic-tiny", "localizer").stream()
                .map(f -> PublishedBoard.read(f).path("plugin").path("name").asText()).toList();
        assertThat(rowNames()).containsExactlyInAnyOrderElementsOf(names).hasSizeGreaterThan(1);
        assertThat(column("precision")).isSortedAccordingTo(descendingNullsLast());

        clickHeading("auroc");
        List<Double> auroc = column("auroc");
        assertThat(auroc).isSortedAccordingTo(descendingNullsLast());
        assertThat(auroc.get(0)).isGreaterThan(auroc.get(auroc.size() - 1));
        assertThat(session.driver().findElement(By.cssSelector("#board th[data-key='auroc']")).getAttribute("aria-sort"))
                .isEqualTo("descending");
        List<String> byAurocDescending = rowNames();
        clickHeading("auroc");
        assertThat(column("auroc")).isSortedAccordingTo(Comparator.nullsLast(Comparator.<Double>naturalOrder()));
        assertThat(rowNames()).containsExactlyElementsOf(reversed(byAurocDescending));

        clickHeading("aues_p_vs_random");
        List<Double> p = column("aues_p_vs_random");
        assertThat(p).isSortedAccordingTo(descendingNullsLast());
        assertThat(session.driver().getCurrentUrl()).endsWith("sort=-aues_p_vs_random");
        screenshot("board-localizers-sorted-by-p");

        // the same order without JavaScript: the heading's link sorts on the server
        session.driver().get(home + "?kind=localizer&testbed=synthetic&model=tiny&sort=-aues_p_vs_random");
        assertThat(column("aues_p_vs_random")).isEqualTo(p);
        session.driver().get(home + "?kind=localizer&testbed=synthetic&model=tiny&sort=auroc");
        assertThat(rowNames()).containsExactlyElementsOf(reversed(byAurocDescending));
    }

    private List<String> rowNames() {
        return session.driver().findElements(By.cssSelector("#board tbody tr")).stream().map(r -> r.getAttribute("data-name")).toList();
    }

    private static List<String> reversed(List<String> names) {
        List<String> out = new ArrayList<>(names);
        java.util.Collections.reverse(out);
        return out;
    }

    @Test
    void aReaderSwitchesTestbedAndKind() throws IOException {
        Path copy = PublishedBoard.copyTo(temp.resolve("board"));
        Path replica = Files.createDirectories(copy.resolve("results/replica-tiny"));
        List<Path> objectives = PublishedBoard.results("synthetic-tiny", "objective");
        List<Path> copied = objectives.subList(0, Math.min(2, objectives.size()));
        for (Path file : copied) {
            // the same result under another family; one more newline, since the same bytes are published only once
            Files.writeString(replica.resolve(file.getFileName()), Files.readString(file) + "\n");
        }
        assertThat(importer.importFrom(copy).refused()).isEmpty();

        session.driver().get(home + "?kind=objective&testbed=synthetic/tiny");
        List<String> tabs = session.driver().findElements(By.cssSelector("#testbed-tabs li")).stream().map(WebElement::getText).toList();
        assertThat(tabs).containsExactly("replica/tiny", "synthetic/tiny");
        session.driver().findElement(By.linkText("replica/tiny")).click();
        assertThat(session.driver().findElement(By.id("board-title")).getText()).isEqualTo("Objectives on replica/tiny");
        assertThat(session.driver().findElements(By.cssSelector("#board tbody tr"))).hasSize(copied.size());
        screenshot("board-replica");

        session.driver().findElement(By.linkText("synthetic/tiny")).click();
        session.driver().findElement(By.linkText("Localizers")).click();
        assertThat(session.driver().findElement(By.id("board-title")).getText()).isEqualTo("Localizers on synthetic/tiny");
        List<WebElement> references = session.driver().findElements(By.cssSelector("#board tbody tr.reference"));
        assertThat(references).extracting(r -> r.findElement(By.cssSelector(".badge")).getText())
                .containsExactlyInAnyOrder("Oracle reference", "Random reference");
        screenshot("board-localizers");
    }

    @Test
    void aSubmissionShowsBothCurveSetsAndThePerSeedTable() throws IOException {
        session.driver().get(home.toString());
        String name = session.driver().findElement(By.cssSelector("#board tbody tr th a")).getText();
        session.driver().findElement(By.cssSelector("#board tbody tr th a")).click();

        assertThat(session.driver().findElement(By.tagName("h1")).getText()).startsWith(name);
        Path file = PublishedBoard.results("synthetic-tiny", "objective").stream()
                .filter(f -> PublishedBoard.read(f).path("plugin").path("name").asText().equals(name)).findFirst().orElseThrow();
        List<String> seeds = new ArrayList<>();
        PublishedBoard.read(file).path("seeds").forEach(s -> seeds.add(s.asText()));
        WebElement fsRs = session.driver().findElement(By.id("synthetic-tiny-fs-rs"));
        WebElement muFq = session.driver().findElement(By.id("synthetic-tiny-mu-fq"));
        for (WebElement chart : List.of(fsRs, muFq)) {
            List<String> series = chart.findElements(By.cssSelector("polyline.series")).stream()
                    .map(s -> s.getAttribute("data-series")).toList();
            for (String seed : seeds) {
                assertThat(series).contains("Oracle seed " + seed, "Random seed " + seed);
            }
            assertThat(series).hasSize(2 * seeds.size());
            assertThat(chart.findElement(By.tagName("desc")).getAttribute("textContent")).isNotBlank();
        }
        List<WebElement> seedRows = session.driver().findElements(By.cssSelector("table.per-seed tbody tr"));
        assertThat(seedRows).hasSize(seeds.size());
        assertThat(seedRows.get(0).findElements(By.tagName("td")).get(0).getText()).isEqualTo(seeds.get(0));
        screenshot("submission");
    }

    @Test
    void theCsvDownloadParsesIntoTheRowsOnThePage() throws Exception {
        session.driver().get(home + "?kind=localizer&testbed=synthetic&model=tiny&sort=-auroc");
        String href = session.driver().findElement(By.id("download-csv")).getAttribute("href");
        List<String> names = session.driver().findElements(By.cssSelector("#board tbody tr")).stream()
                .map(r -> r.getAttribute("data-name")).toList();

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(href)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains(".csv");
        List<String> lines = Arrays.asList(response.body().split("\r\n"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int name = header.indexOf("name");
        int auroc = header.indexOf("auroc");
        assertThat(lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)[name]).toList()).isEqualTo(names);
        List<Double> values = lines.subList(1, lines.size()).stream().map(l -> Double.valueOf(l.split(",", -1)[auroc])).toList();
        assertThat(values).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(values).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
    }
}
