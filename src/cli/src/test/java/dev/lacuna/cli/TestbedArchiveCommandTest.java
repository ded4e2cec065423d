package dev.lacuna.cli;

import static dev.lacuna.cli.TestbedCommandTest.lacuna;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testbed export} and {@code testbed import} on the shared tiny testbed: the round trip keeps the hash
 * and the manifest, a tampered or truncated archive stores nothing, and a damaged stored testbed is repaired
 * by an import or by a rebuild of the same inputs.
 */
class TestbedArchiveCommandTest {

    @TempDir
    static Path work;
    private static Testbed source;
    private static Path archive;

    @BeforeAll
    static void exportTheTinyTestbedOnce() {
        source = TinyTestbedHome.testbed();
        archive = work.resolve("tiny.lacuna-testbed.zip");
        TestbedCommandTest.Run export = lacuna("testbed", "export", source.id(), "--out", archive.toString(),
                "--home", TinyTestbedHome.home().toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.outLines()).containsExactly(source.hash());
    }

    @Test
    void importOnAnEmptyHomeGivesTheSameHashAndTheSameManifest() {
        Path home = work.resolve("round-trip");
        TestbedCommandTest.Run imported = lacuna("testbed", "import", archive.toString(), "--home", home.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.outLines()).containsExactly(source.id());
        assertThat(Files.isDirectory(home.resolve("testbeds").resolve(source.hash()))).isTrue();
        TestbedCommandTest.Run original = lacuna("testbed", "show", source.id(), "--json", "--home", TinyTestbedHome.home().toString());
        TestbedCommandTest.Run copy = lacuna("testbed", "show", source.id(), "--json", "--home", home.toString());
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(copy.out()).isEqualTo(original.out());
        assertThat(storeEntries(home)).containsExactly(source.hash());
    }

    @Test
    void aFlippedByteIsRefusedAndNothingIsStored() throws IOException {
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x01;
        Path tampered = work.resolve("flipped.zip");
        Files.write(tampered, bytes);
        Path home = work.resolve("flipped");
        TestbedCommandTest.Run refused = lacuna("testbed", "import", tampered.toString(), "--home", home.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("lacuna: archive flipped.zip is refused, nothing was stored");
        assertThat(storeEntries(home)).isEmpty();
    }

    @Test
    void aTruncatedArchiveIsRefusedAndNothingIsStored() throws IOException {
        byte[] bytes = Files.readAllBytes(archive);
        Path truncated = work.resolve("truncated.zip");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Path home = work.resolve("truncated");
        TestbedCommandTest.Run refused = lacuna("testbed", "import", truncated.toString(), "--home", home.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("lacuna: archive truncated.zip is refused, nothing was stored");
        assertThat(storeEntries(home)).isEmpty();
    }

    @Test
    void importReplacesADamagedStoredTestbed() throws IOException {
        Path home = work.resolve("repair-by-import");
        assertThat(lacuna("testbed", "import", archive.toString(), "--home", home.toString()).exitCode()).isZero();
        damage(home);
        assertThat(lacuna("testbed", "show", source.id(), "--home", home.toString()).err()).contains("rebuild or re-download");
        TestbedCommandTest.Run repaired = lacuna("testbed", "import", archive.toString(), "--home", home.toString());
        assertThat(repaired.exitCode()).as(repaired.err()).isZero();
        assertThat(lacuna("testbed", "show", source.id(), "--home", home.toString()).exitCode()).isZero();
        assertThat(storeEntries(home)).containsExactly(source.hash());
    }

    @Test
    void rebuildingTheSameInputsReplacesADamagedStoredTestbed() throws IOException {
        Path home = work.resolve("repair-by-rebuild");
        assertThat(lacuna("testbed", "import", archive.toString(), "--home", home.toString()).exitCode()).isZero();
        damage(home);
        List<String> progress = new ArrayList<>();
        Testbed rebuilt = TinyTestbedHome.build(home.resolve("testbeds"), progress::add);
        assertThat(rebuilt.hash()).isEqualTo(source.hash());
        assertThat(progress).anyMatch(l -> l.contains("is damaged") && l.contains("replacing it with this build"));
        assertThat(lacuna("testbed", "show", source.id(), "--home", home.toString()).exitCode()).isZero();
        assertThat(storeEntries(home)).containsExactly(source.hash());
    }

    /** Flips one byte of the stored target region, as a disk error or an edit would. */
    private static void damage(Path home) throws IOException {
        Path file = home.resolve("testbeds").resolve(source.hash()).resolve(Testbed.TARGET_REGION);
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 0x01;
        Files.write(file, bytes);
    }

    /** Everything in the store folder, temporary folders included: after a refusal it must be empty. */
    static List<String> storeEntries(Path home) {
        Path root = new TestbedStore(home.resolve("testbeds")).root();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
