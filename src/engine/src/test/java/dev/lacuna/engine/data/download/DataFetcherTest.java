package dev.lacuna.engine.data.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.data.DataSetKind;
import dev.lacuna.engine.data.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetcherTest {

    private Path shared;
    private MirrorServer server;

    /** Serves the shared data where there is some, an empty folder otherwise (tests that need no data still run). */
    @BeforeEach
    void startServer(@TempDir Path empty) throws IOException {
        server = new MirrorServer(SharedData.optionalDirectory().orElse(empty));
    }

    /** The shared data, for the tests that serve it; skips (or, where required, fails) without it. */
    private Path shared() {
        if (shared == null) {
            shared = SharedData.directory();
        }
        return shared;
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private DataFetcher fetcher(FetchProgress progress) {
        return DataFetcher.withDefaults(server.baseUrls(), progress);
    }

    @Test
    void fetchesEveryTofuFileFromItsHostAndTheDataSetBecomesUsable(@TempDir Path dir) throws IOException {
        shared();
        List<DataFetcher.Result> results = fetcher(FetchProgress.silent()).fetch(DataSetKind.TOFU, dir);

        assertThat(results).extracting(DataFetcher.Result::outcome).containsOnly(DataFetcher.Outcome.DOWNLOADED);
        for (RemoteFile file : RemoteFile.of(DataSetKind.TOFU)) {
            assertThat(Files.readAllBytes(dir.resolve("tofu").resolve(file.name())))
                    .isEqualTo(Files.readAllBytes(shared().resolve("tofu").resolve(file.name())));
        }
        assertThat(server.requests()).extracting(MirrorServer.Request::path)
                .contains("/datasets/locuslab/TOFU/resolve/main/forget10.json",
                        "/locuslab/tofu/bdc209ea7c6cc2e7079ea1afb6468d3ddcc65f8e/data/real_authors_perturbed.json",
                        "/locuslab/tofu/bdc209ea7c6cc2e7079ea1afb6468d3ddcc65f8e/LICENSE");
        assertThat(new DataCatalog(Optional.of(dir)).statusOf(DataSetKind.TOFU).available()).isTrue();
        try (var files = Files.list(dir.resolve("tofu"))) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void filesAlreadyPresentWithTheRightHashAreNotDownloadedAgain(@TempDir Path dir) {
        shared();
        fetcher(FetchProgress.silent()).fetch(DataSetKind.LUME, dir);
        int requestsAfterFirstFetch = server.requests().size();

        List<DataFetcher.Result> again = fetcher(FetchProgress.silent()).fetch(DataSetKind.LUME, dir);

        assertThat(again).extracting(DataFetcher.Result::outcome).containsOnly(DataFetcher.Outcome.ALREADY_PRESENT);
        assertThat(server.requests()).hasSize(requestsAfterFirstFetch);
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest(@TempDir Path dir) throws IOException {
        byte[] original = Files.readAllBytes(shared().resolve("lume/forget.jsonl"));
        Files.createDirectories(dir.resolve("lume"));
        Files.write(dir.resolve("lume/forget.jsonl.part"), Arrays.copyOf(original, 300_000));

        List<DataFetcher.Result> results = fetcher(FetchProgress.silent()).fetch(DataSetKind.LUME, dir);

        DataFetcher.Result forget = results.get(0);
        assertThat(forget.outcome()).isEqualTo(DataFetcher.Outcome.RESUMED);
        assertThat(forget.bytesTransferred()).isEqualTo(original.length - 300_000);
        assertThat(Files.readAllBytes(dir.resolve("lume/forget.jsonl"))).isEqualTo(original);
        assertThat(dir.resolve("lume/forget.jsonl.part")).doesNotExist();
        assertThat(server.requests()).contains(new MirrorServer.Request(
                "/amazon-science/lume-llm-unlearning/b2fa8f9c567715f1e2c6d442213f33b2e9a28fe6/data/forget.jsonl",
                "bytes=300000-"));
    }

    @Test
    void aServerThatIgnoresTheRangeIsDownloadedFromTheStart(@TempDir Path dir) throws IOException {
        byte[] original = Files.readAllBytes(shared().resolve("lume/retain.jsonl"));
        Files.createDirectories(dir.resolve("lume"));
        Files.write(dir.resolve("lume/retain.jsonl.part"), "garbage that the server never sees".getBytes());
        server.ignoreRanges();

        List<DataFetcher.Result> results = fetcher(FetchProgress.silent()).fetch(DataSetKind.LUME, dir);

        assertThat(results.get(1).outcome()).isEqualTo(DataFetcher.Outcome.DOWNLOADED);
        assertThat(Files.readAllBytes(dir.resolve("lume/retain.jsonl"))).isEqualTo(original);
    }

    @Test
    void aCorruptDownloadIsDeletedAndTheErrorNamesFileAndBothHashes(@TempDir Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(shared().resolve("tofu/world_facts_perturbed.json"));
        bytes[100] ^= 1;
        server.corrupt("tofu/world_facts_perturbed.json", bytes);
        String expected = DataFetcher.sha256(shared().resolve("tofu/world_facts_perturbed.json"));
        Path corrupt = Files.write(dir.resolve("corrupt"), bytes);
        String actual = DataFetcher.sha256(corrupt);

        assertThatThrownBy(() -> fetcher(FetchProgress.silent()).fetch(DataSetKind.TOFU, dir))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("sha256 mismatch for tofu/world_facts_perturbed.json")
                .hasMessageContaining("expected " + expected)
                .hasMessageContaining("actual " + actual);
        assertThat(dir.resolve("tofu/world_facts_perturbed.json")).doesNotExist();
        assertThat(dir.resolve("tofu/world_facts_perturbed.json.part")).doesNotExist();
    }

    @Test
    void aCorruptPartialFileFailsVerificationAndTheNextRunSucceeds(@TempDir Path dir) throws IOException {
        byte[] original = Files.readAllBytes(shared().resolve("lume/forget.jsonl"));
        byte[] damaged = Arrays.copyOf(original, 1000);
        damaged[10] = '#';
        Files.createDirectories(dir.resolve("lume"));
        Files.write(dir.resolve("lume/forget.jsonl.part"), damaged);

        assertThatThrownBy(() -> fetcher(FetchProgress.silent()).fetch(DataSetKind.LUME, dir))
                .hasMessageContaining("sha256 mismatch for lume/forget.jsonl");
        assertThat(dir.resolve("lume/forget.jsonl.part")).doesNotExist();

        fetcher(FetchProgress.silent()).fetch(DataSetKind.LUME, dir);
        assertThat(Files.readAllBytes(dir.resolve("lume/forget.jsonl"))).isEqualTo(original);
    }

    @Test
    void aMissingRemoteFileNamesTheUrlAndTheStatus(@TempDir Path dir) {
        RemoteFile absent = new RemoteFile("absent.json", DataSource.TOFU_HUGGING_FACE, "absent.json", "00");

        assertThatThrownBy(() -> fetcher(FetchProgress.silent()).fetch(absent, dir.resolve("absent.json"), "tofu/absent.json"))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("tofu/absent.json")
                .hasMessageContaining("/datasets/locuslab/TOFU/resolve/main/absent.json answered HTTP 404");
    }

    @Test
    void progressIsReportedInBytesAndPercent(@TempDir Path dir) {
        shared();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        fetcher(FetchProgress.printingTo(out)).fetch(DataSetKind.LUME, dir);

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("lume/forget.jsonl: 1039485 / 1039485 bytes (100%)")
                .contains("lume/forget.jsonl: sha256 verified")
                .containsPattern("lume/retain.jsonl: \\d+ / 1040496 bytes \\([1-9]\\d%\\)");
    }

    @Test
    void defaultUrlsFollowThePublicLayout() {
        DataFetcher fetcher = DataFetcher.withDefaults(java.util.Map.of(), FetchProgress.silent());
        List<RemoteFile> tofu = RemoteFile.of(DataSetKind.TOFU);

        assertThat(fetcher.urlOf(tofu.get(1))).hasToString(
                "https://huggingface.co/datasets/locuslab/TOFU/resolve/main/forget10.json");
        assertThat(fetcher.urlOf(tofu.get(5))).hasToString("https://raw.githubusercontent.com/locuslab/tofu/"
                + "bdc209ea7c6cc2e7079ea1afb6468d3ddcc65f8e/data/real_authors_perturbed.json");
        assertThat(fetcher.urlOf(RemoteFile.of(DataSetKind.LUME).get(0))).hasToString(
                "https://raw.githubusercontent.com/amazon-science/lume-llm-unlearning/"
                        + "b2fa8f9c567715f1e2c6d442213f33b2e9a28fe6/data/forget.jsonl");
        assertThat(tofu).extracting(RemoteFile::name).containsAll(DataSetKind.TOFU.requiredFiles());
        assertThatThrownBy(() -> RemoteFile.of(DataSetKind.SYNTHETIC)).hasMessageContaining("generated");
    }
}
