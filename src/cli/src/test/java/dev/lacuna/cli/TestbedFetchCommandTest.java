package dev.lacuna.cli;

import static dev.lacuna.cli.TestbedCommandTest.lacuna;
import static dev.lacuna.cli.TestbedArchiveCommandTest.storeEntries;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lacuna.engine.testbed.Testbed;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testbed import URL}, {@code testbed catalog} and {@code testbed fetch} against a local HTTP server
 * that honours {@code Range: bytes=N-} and can break a response off halfway, on the shared tiny testbed
 * exported once for the class.
 */
class TestbedFetchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    @TempDir
    static Path work;
    private static Testbed source;
    private static byte[] archive;
    private static HttpServer server;
    private static final Map<String, byte[]> served = new ConcurrentHashMap<>();
    /** Paths whose next response stops after half its bytes and drops the connection. */
    private static final Set<String> breakOnce = ConcurrentHashMap.newKeySet();
    private static final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void exportTheTinyTestbedAndServeIt() throws IOException {
        source = TinyTestbedHome.testbed();
        Path site = Files.createDirectories(work.resolve("site"));
        Path exported = site.resolve("synthetic-tiny-7.zip");
        TestbedCommandTest.Run export = lacuna("testbed", "export", source.id(), "--out", exported.toString(),
                "--home", TinyTestbedHome.home().toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        archive = Files.readAllBytes(exported);
        served.put("/site/synthetic-tiny-7.zip", archive);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", TestbedFetchCommandTest::answer);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    /** Serves {@link #served}, a range as 206, and breaks a response off when its path is in {@link #breakOnce}. */
    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(path + " " + range);
        byte[] body = served.get(path);
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        int from = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches()) {
            from = Integer.parseInt(m.group(1));
            if (from >= body.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, body.length - from);
        OutputStream out = exchange.getResponseBody();
        if (breakOnce.remove(path)) {
            out.write(body, from, (body.length - from) / 2);
            out.flush();
            throw new IOException("broken off on purpose: the server drops the connection");
        }
        out.write(body, from, body.length - from);
        out.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void importByUrlGivesTheSameIdAndManifestAndRemovesTheDownload() {
        Path home = work.resolve("by-url");
        String url = url("/site/synthetic-tiny-7.zip");
        TestbedCommandTest.Run imported = lacuna("testbed", "import", url, "--home", home.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.outLines()).containsExactly(source.id());
        assertThat(imported.err()).contains(archive.length + " / " + archive.length + " bytes (100%)");
        assertThat(imported.err().lines().filter(l -> l.contains(" bytes (")).count()).isLessThanOrEqualTo(11);
        TestbedCommandTest.Run original = lacuna("testbed", "show", source.id(), "--json", "--home", TinyTestbedHome.home().toString());
        TestbedCommandTest.Run copy = lacuna("testbed", "show", source.id(), "--json", "--home", home.toString());
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(copy.out()).isEqualTo(original.out());
        assertThat(ArchiveDownload.partFile(home, URI.create(url))).doesNotExist();
    }

    @Test
    void anInterruptedDownloadIsKeptAndTheNextRunResumesItWithARange() throws IOException {
        served.put("/broken/tiny.zip", archive);
        breakOnce.add("/broken/tiny.zip");
        Path home = work.resolve("resumed");
        String url = url("/broken/tiny.zip");
        Path part = ArchiveDownload.partFile(home, URI.create(url));

        TestbedCommandTest.Run broken = lacuna("testbed", "import", url, "--home", home.toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains("lacuna: download of tiny.zip from " + url + " broke off")
                .contains("run the command again to resume it");
        assertThat(part).exists();
        long kept = Files.size(part);
        assertThat(kept).isPositive().isLessThan(archive.length);
        assertThat(storeEntries(home)).isEmpty();

        TestbedCommandTest.Run resumed = lacuna("testbed", "import", url, "--home", home.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.outLines()).containsExactly(source.id());
        assertThat(resumed.err()).contains("resuming at byte " + kept);
        assertThat(requests).contains("/broken/tiny.zip null", "/broken/tiny.zip bytes=" + kept + "-");
        assertThat(part).doesNotExist();
        assertThat(storeEntries(home)).containsExactly(source.hash());
    }

    @Test
    void aPartialFileAsLongAsTheArchiveIsAnswered416AndStartsOver() throws IOException {
        served.put("/overlong/tiny.zip", archive);
        Path home = work.resolve("overlong");
        String url = url("/overlong/tiny.zip");
        Path part = ArchiveDownload.partFile(home, URI.create(url));
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(archive, archive.length + 10));

        TestbedCommandTest.Run imported = lacuna("testbed", "import", url, "--home", home.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.err()).contains("starting the download over");
        assertThat(requests).containsSubsequence("/overlong/tiny.zip bytes=" + (archive.length + 10) + "-", "/overlong/tiny.zip null");
        assertThat(storeEntries(home)).containsExactly(source.hash());
        assertThat(part).doesNotExist();
    }

    @Test
    void aFlippedByteIsRefusedAndNothingIsStored() {
        byte[] flipped = archive.clone();
        flipped[flipped.length / 2] ^= 0x01;
        served.put("/flipped/tiny.zip", flipped);
        Path home = work.resolve("flipped");
        String url = url("/flipped/tiny.zip");
        TestbedCommandTest.Run refused = lacuna("testbed", "import", url, "--home", home.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("lacuna: archive " + url + " is refused, nothing was stored");
        assertThat(storeEntries(home)).isEmpty();
        assertThat(ArchiveDownload.partFile(home, URI.create(url))).doesNotExist();
    }

    @Test
    void httpErrorsRefusedConnectionsAndNonArchivesHaveClearMessages() throws IOException {
        Path home = work.resolve("errors");
        String missing = url("/nothing/here.zip");
        TestbedCommandTest.Run notFound = lacuna("testbed", "import", missing, "--home", home.toString());
        assertThat(notFound.exitCode()).isEqualTo(1);
        assertThat(notFound.err()).contains(missing + " answered HTTP 404");

        served.put("/page/index.zip", "<html>not an archive</html>".getBytes(StandardCharsets.UTF_8));
        TestbedCommandTest.Run page = lacuna("testbed", "import", url("/page/index.zip"), "--home", home.toString());
        assertThat(page.exitCode()).isEqualTo(1);
        assertThat(page.err()).contains("is not a testbed archive (not a zip file)");

        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        TestbedCommandTest.Run refused = lacuna("testbed", "import", "http://127.0.0.1:" + port + "/tiny.zip", "--home", home.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("the connection to 127.0.0.1:" + port + " was refused");
        assertThat(storeEntries(home)).isEmpty();
    }

    @Test
    void fetchImportsAFamilyFromACatalogAndSkipsWhatIsStored() throws IOException {
        Path catalog = writeCatalog("site/testbeds.json", false);
        served.put("/site/testbeds.json", Files.readAllBytes(catalog));
        assertThat(JSON.readTree(catalog.toFile()).path("testbeds").get(0).path("url").asText())
                .isEqualTo("synthetic-tiny-7.zip");
        Path home = work.resolve("fetched");
        String catalogUrl = url("/site/testbeds.json");

        TestbedCommandTest.Run fetched = lacuna("testbed", "fetch", "synthetic/tiny", "--catalog", catalogUrl, "--home", home.toString());
        assertThat(fetched.exitCode()).as(fetched.err()).isZero();
        assertThat(fetched.outLines()).containsExactly(source.id());
        assertThat(storeEntries(home)).containsExactly(source.hash());
        assertThat(requests).contains("/site/synthetic-tiny-7.zip null");

        int before = requests.size();
        TestbedCommandTest.Run again = lacuna("testbed", "fetch", "synthetic/tiny", "--seed", "7", "--catalog", catalogUrl,
                "--home", home.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains(source.id() + ": already stored");
        assertThat(requests.subList(before, requests.size())).containsExactly("/site/testbeds.json null");

        TestbedCommandTest.Run otherSeed = lacuna("testbed", "fetch", "synthetic/tiny", "--seed", "19", "--catalog", catalogUrl,
                "--home", home.toString());
        assertThat(otherSeed.exitCode()).isEqualTo(1);
        assertThat(otherSeed.err()).contains("lists no synthetic/tiny testbed of mask seed(s) [19]").contains("synthetic/tiny mask seed 7");
    }

    @Test
    void aLocalCatalogFileResolvesItsUrlsNextToItself() {
        Path catalog = writeCatalog("site/local-testbeds.json", false);
        Path home = work.resolve("from-file");
        TestbedCommandTest.Run fetched = lacuna("testbed", "fetch", "synthetic/tiny", "--catalog", catalog.toString(), "--home", home.toString());
        assertThat(fetched.exitCode()).as(fetched.err()).isZero();
        assertThat(storeEntries(home)).containsExactly(source.hash());
    }

    @Test
    void anEntryWithoutUrlIsListedButNotHosted() throws IOException {
        Path catalog = writeCatalog("site/unhosted.json", true);
        served.put("/site/unhosted.json", Files.readAllBytes(catalog));
        Path home = work.resolve("unhosted");
        TestbedCommandTest.Run fetched = lacuna("testbed", "fetch", "synthetic/tiny", "--catalog", url("/site/unhosted.json"),
                "--home", home.toString());
        assertThat(fetched.exitCode()).isEqualTo(1);
        assertThat(fetched.err()).contains("testbed " + source.id() + " (synthetic/tiny, mask seed 7) is listed but not hosted")
                .contains("lacuna testbed build --data synthetic --model tiny --mask-seed 7")
                .contains("lacuna testbed import FILE|URL");
        assertThat(storeEntries(home)).isEmpty();
    }

    @Test
    void aCatalogHashThatIsNotTheArchivesIsRefusedAndNothingIsStored() throws IOException {
        Path catalog = writeCatalog("site/wrong-hash.json", false);
        ObjectNode root = (ObjectNode) JSON.readTree(catalog.toFile());
        String other = "0".repeat(64);
        ((ObjectNode) root.path("testbeds").get(0)).put("hash", other);
        served.put("/site/wrong-hash.json", TestbedCommand.write(root).getBytes(StandardCharsets.UTF_8));
        Path home = work.resolve("wrong-hash");
        TestbedCommandTest.Run fetched = lacuna("testbed", "fetch", "synthetic/tiny", "--catalog", url("/site/wrong-hash.json"),
                "--home", home.toString());
        assertThat(fetched.exitCode()).isEqualTo(1);
        assertThat(fetched.err()).contains("is refused, nothing was stored")
                .contains("holds testbed " + source.hash() + ", not the expected " + other);
        assertThat(storeEntries(home)).isEmpty();
    }

    @Test
    void fetchWithoutACatalogSaysHowToConfigureOne() {
        TestbedCommandTest.Run run = lacuna("testbed", "fetch", "synthetic/tiny", "--catalog", "", "--home", work.resolve("none").toString());
        if (System.getenv(TestbedCatalog.SETTING) == null) {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("no testbed catalog is configured").contains("--catalog URL|FILE")
                    .contains(TestbedCatalog.SETTING);
        }
    }

    /** Runs {@code testbed catalog} on the exported archive, writing the catalog into the work folder. */
    private static Path writeCatalog(String name, boolean notHosted) {
        Path catalog = work.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("testbed", "catalog", "--out", catalog.toString()));
        if (notHosted) {
            args.add("--not-hosted");
        }
        args.add(work.resolve("site/synthetic-tiny-7.zip").toString());
        TestbedCommandTest.Run run = lacuna(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return catalog;
    }
}
