package dev.lacuna.engine.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder of stored testbeds: one sub-folder per testbed, named by its id, holding a
 * {@value #MANIFEST} among its files.
 */
public final class TestbedStore {

    public static final String MANIFEST = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public TestbedStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * Every testbed folder with a manifest, sorted by id; folders without a manifest (unfinished builds) and
     * hidden ones (an import or a repair in progress, or left behind by one that was killed) are skipped. A manifest that is not readable JSON gives a summary named by the folder, with empty data and
     * model and mask seed -1, so that listing still works and opening the folder reports the damage.
     */
    public List<TestbedSummary> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<TestbedSummary> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path folder : children.filter(f -> Files.isDirectory(f) && !f.getFileName().toString().startsWith("."))
                    .toList()) {
                Path manifest = folder.resolve(MANIFEST);
                if (Files.isRegularFile(manifest)) {
                    found.add(readSummary(manifest));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list testbeds in " + root, e);
        }
        found.sort(Comparator.comparing(TestbedSummary::id));
        return found;
    }

    /** The first stored testbed (by id) of this recipe, if any: what a worker uses when a task names no hash. */
    public java.util.Optional<TestbedSummary> find(String data, String model, long maskSeed) {
        return list().stream().filter(s -> s.data().equals(data) && s.model().equals(model) && s.maskSeed() == maskSeed)
                .findFirst();
    }

    /**
     * Moves a finished, verified testbed folder (a temporary folder inside this store) to {@code target}. A
     * folder already at {@code target} that still verifies is kept and returned; a damaged one is first moved
     * aside under a temporary name, so readers never see a half-replaced testbed under its hash, and then
     * removed. This is how a rebuild or an import repairs a damaged testbed.
     */
    static Testbed place(Path verified, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            try {
                Testbed existing = Testbed.open(target);
                deleteTree(verified);
                return existing;
            } catch (CorruptTestbedException damaged) {
                Path aside = Files.createTempDirectory(target.getParent(), ".damaged-");
                Files.move(target, aside.resolve("testbed"), StandardCopyOption.ATOMIC_MOVE);
                Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(aside);
                return Testbed.open(target);
            }
        }
        Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE);
        return Testbed.open(target);
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static TestbedSummary readSummary(Path manifest) {
        try {
            JsonNode node = JSON.readTree(manifest.toFile());
            return new TestbedSummary(
                    node.path("id").asText(manifest.getParent().getFileName().toString()),
                    node.path("hash").asText(""),
                    node.path("data").asText(""),
                    node.path("model").asText(""),
                    node.path("mask_seed").asLong());
        } catch (IOException e) {
            String folder = manifest.getParent().getFileName().toString();
            return new TestbedSummary(folder, folder, "", "", -1);
        }
    }
}
