package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lacuna testbed ...} end to end: one synthetic/tiny testbed is built into a temporary home for the
 * whole class (about a minute on one thread), then listed, shown, tampered with and looked up wrongly.
 */
class TestbedCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    private static Run build;
    private static String id;

    record Run(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Run lacuna(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = LacunaCli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @BeforeAll
    static void buildTheDefaultTestbedOnce() {
        build = lacuna("testbed", "build", "--mask-seed", "7", "--home", home.toString());
        System.out.print(build.err());
        id = build.outLines().isEmpty() ? "" : build.outLines().get(build.outLines().size() - 1);
    }

    @Test
    void buildingWithoutDataOrModelMakesASyntheticTinyTestbedAndPrintsItsIdLast() {
        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(id).startsWith("synthetic-tiny-7-");
        assertThat(build.err()).contains("stage A").contains("A epoch 1 loss").contains("A epoch 5").contains("retain ES").contains("stage B");
        assertThat(build.err()).containsPattern("A epoch 1 loss [0-9.]+ \\(of at most [0-9]+ epochs, until retain ES [0-9.]+; at most [0-9hms]+ left\\)")
                .containsPattern("B epoch [0-9]+ loss [0-9.]+ \\(of at most [0-9]+ epochs, until forget ES [0-9.]+ with the retain gate; ");
        try (Stream<Path> stored = Files.list(home.resolve("testbeds"))) {
            assertThat(stored.map(p -> p.getFileName().toString()).toList())
                    .singleElement().satisfies(name -> assertThat(id).endsWith(name.substring(0, 12)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void listShowsTheTestbedWithItsGates() {
        Run list = lacuna("testbed", "list", "--home", home.toString());
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(id).contains("synthetic").contains("tiny").contains("forget ES theta_o");
    }

    @Test
    void listAsJsonGivesTheVerifiedManifests() throws IOException {
        Run list = lacuna("testbed", "list", "--home", home.toString(), "--json");
        assertThat(list.exitCode()).isZero();
        JsonNode array = JSON.readTree(list.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(1);
        assertThat(array.get(0).path("id").asText()).isEqualTo(id);
        assertThat(array.get(0).path("status").asText()).isEqualTo("ok");
        assertThat(array.get(0).path("gates").path("forget_es_theta_o").asDouble()).isGreaterThanOrEqualTo(0.80);
    }

    @Test
    void showAsJsonHasTheIdentityAndTheFourGateNumbers() throws IOException {
        Run show = lacuna("testbed", "show", id, "--home", home.toString(), "--json");
        assertThat(show.exitCode()).as(show.err()).isZero();
        JsonNode manifest = JSON.readTree(show.out());
        assertThat(manifest.path("id").asText()).isEqualTo(id);
        assertThat(manifest.path("hash").asText()).hasSize(64);
        assertThat(manifest.path("data").asText()).isEqualTo("synthetic");
        assertThat(manifest.path("model").asText()).isEqualTo("tiny");
        assertThat(manifest.path("mask_seed").asLong()).isEqualTo(7);
        JsonNode gates = manifest.path("gates");
        assertThat(gates.path("forget_es_theta_o").asDouble()).isGreaterThanOrEqualTo(0.80);
        assertThat(gates.path("forget_es_theta_r").asDouble()).isLessThanOrEqualTo(0.25);
        assertThat(gates.path("retain_es_theta_o").asDouble()).isGreaterThanOrEqualTo(0.80);
        assertThat(Math.abs(gates.path("retain_es_theta_o").asDouble() - gates.path("retain_es_theta_r").asDouble()))
                .isLessThanOrEqualTo(0.05);
    }

    @Test
    void showAcceptsAnIdPrefixAndTheHash() throws IOException {
        String hash = JSON.readTree(lacuna("testbed", "show", id, "--home", home.toString(), "--json").out()).path("hash").asText();
        Run byPrefix = lacuna("testbed", "show", "synthetic-tiny", "--home", home.toString());
        Run byHash = lacuna("testbed", "show", hash, "--home", home.toString());
        assertThat(byPrefix.exitCode()).isZero();
        assertThat(byPrefix.out()).contains(id).contains(hash + " (verified)").contains("forget ES theta_o");
        assertThat(byHash.out()).isEqualTo(byPrefix.out());
    }

    @Test
    void aTruncatedTestbedIsRefusedByShowAndMarkedByList(@TempDir Path otherHome) throws IOException {
        Path copy = copyOfTheBuiltTestbed(otherHome);
        Path thetaO = copy.resolve("theta_o.safetensors");
        byte[] bytes = Files.readAllBytes(thetaO);
        Files.write(thetaO, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Run show = lacuna("testbed", "show", id, "--home", otherHome.toString());
        assertThat(show.exitCode()).isEqualTo(1);
        assertThat(show.out()).isEmpty();
        assertThat(show.err()).contains("refused").contains("theta_o.safetensors").contains("altered or truncated");
        Run list = lacuna("testbed", "list", "--home", otherHome.toString());
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(id).contains("REFUSED");
        Run json = lacuna("testbed", "show", id, "--home", otherHome.toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.err()).contains("refused");
    }

    @Test
    void aTestbedWithABrokenManifestIsListedAsRefusedAndShowSaysWhy(@TempDir Path otherHome) throws IOException {
        Path copy = copyOfTheBuiltTestbed(otherHome);
        Files.writeString(copy.resolve("manifest.json"), "{\"id\": \"synthetic-tiny-7-");
        String folder = copy.getFileName().toString();

        Run list = lacuna("testbed", "list", "--home", otherHome.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(folder).contains("REFUSED").contains("unreadable manifest");
        Run show = lacuna("testbed", "show", folder.substring(0, 10), "--home", otherHome.toString());
        assertThat(show.exitCode()).isEqualTo(1);
        assertThat(show.err()).contains("refused").contains("unreadable manifest");
    }

    @Test
    void aManifestClaimingAnotherHashIsRefused(@TempDir Path otherHome) throws IOException {
        Path copy = copyOfTheBuiltTestbed(otherHome);
        Path manifest = copy.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(copy.getFileName().toString(), "0".repeat(64)));

        Run show = lacuna("testbed", "show", id, "--home", otherHome.toString());
        assertThat(show.exitCode()).isEqualTo(1);
        assertThat(show.err()).contains("refused").contains("content hash");
    }

    private static Path copyOfTheBuiltTestbed(Path otherHome) throws IOException {
        try (Stream<Path> stored = Files.list(home.resolve("testbeds"))) {
            Path folder = stored.findFirst().orElseThrow();
            Path copy = otherHome.resolve("testbeds").resolve(folder.getFileName());
            Files.createDirectories(copy);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            return copy;
        }
    }

    @Test
    void anUnknownIdIsAUsageErrorNamingTheListCommand() {
        Run show = lacuna("testbed", "show", "tofu-small", "--home", home.toString());
        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(show.err()).contains("no testbed 'tofu-small'").contains("testbed list");
    }

    @Test
    void anEmptyHomeListsNothingAndSaysHowToBuild(@TempDir Path empty) throws IOException {
        assertThat(lacuna("testbed", "list", "--home", empty.toString()).out()).contains("no testbeds");
        assertThat(JSON.readTree(lacuna("testbed", "list", "--home", empty.toString(), "--json").out())).isEmpty();
    }

    @Test
    void unknownDataOrModelNamesAreOneLineUsageErrors(@TempDir Path scratch) {
        Run data = lacuna("testbed", "build", "--data", "wiki", "--mask-seed", "7", "--home", scratch.toString());
        Run model = lacuna("testbed", "build", "--model", "huge", "--mask-seed", "7", "--home", scratch.toString());
        assertThat(data.exitCode()).isEqualTo(2);
        assertThat(data.err().lines().toList()).singleElement().asString().contains("unknown data set 'wiki'");
        assertThat(model.exitCode()).isEqualTo(2);
        assertThat(model.err().lines().toList()).singleElement().asString().contains("unknown model 'huge'").contains("testbed build --help");
        assertThat(scratch.resolve("testbeds")).doesNotExist();
    }

    @Test
    void tofuWithoutItsFilesIsAUsageErrorThatSaysHowToFetchThem(@TempDir Path emptyDataDir, @TempDir Path scratch) {
        Run run = lacuna("testbed", "build", "--data", "tofu", "--mask-seed", "7", "--data-dir", emptyDataDir.toString(),
                "--home", scratch.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("tofu").contains("data fetch tofu");
        Run missingDir = lacuna("testbed", "build", "--data", "lume", "--mask-seed", "7",
                "--data-dir", emptyDataDir.resolve("absent").toString(), "--home", scratch.toString());
        assertThat(missingDir.exitCode()).isEqualTo(2);
        assertThat(missingDir.err()).contains("no such data directory");
    }

    @Test
    void aMissingOrNegativeMaskSeedIsAUsageError(@TempDir Path scratch) {
        assertThat(lacuna("testbed", "build", "--home", scratch.toString()).exitCode()).isEqualTo(2);
        Run negative = lacuna("testbed", "build", "--mask-seed", "-3", "--home", scratch.toString());
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("mask seeds are whole numbers from 0 up, got '-3'");
        assertThat(lacuna("testbed", "build", "--mask-seed", "seven", "--home", scratch.toString()).exitCode()).isEqualTo(2);
    }
}
