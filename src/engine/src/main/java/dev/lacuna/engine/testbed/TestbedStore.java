package dev.lacuna.engine.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * Every testbed folder with a manifest, sorted by id; folders without a manifest (unfinished builds) are
     * skipped. A manifest that is not readable JSON gives a summary named by the folder, with empty data and
     * model and mask seed -1, so that listing still works and opening the folder reports the damage.
     */
    public List<TestbedSummary> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<TestbedSummary> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path folder : children.filter(Files::isDirectory).toList()) {
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
