package dev.lacuna.server.job.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.server.LacunaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The testbeds whose files this server holds and hands to workers by hash: the published ones
 * ({@code testbeds/<hash>/} of the leaderboard folder) first, then its own store. One place answers both questions
 * the platform asks of them: which testbed an evaluation of a recipe runs on, and where a worker's download is.
 */
@ApplicationScoped
public class ServedTestbeds {

    private static final Logger LOG = Logger.getLogger(ServedTestbeds.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LacunaConfig config;

    /** The folder of the testbed with this hash, if this server holds it. */
    public Optional<Path> folder(String hash) {
        return roots().stream().map(root -> root.resolve(hash)).filter(f -> Files.isRegularFile(f.resolve("manifest.json")))
                .findFirst();
    }

    /**
     * The hash of the served testbed of this recipe, if there is one. Evaluations run on the board's testbeds, which
     * workers fetch by hash, rather than on rebuilt ones whose bytes differ from machine to machine.
     */
    public Optional<String> hashOf(String data, String model, long maskSeed) {
        for (Path root : roots()) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> folders = Files.list(root)) {
                for (Path folder : folders.sorted().toList()) {
                    Path manifest = folder.resolve("manifest.json");
                    if (!Files.isRegularFile(manifest)) {
                        continue;
                    }
                    JsonNode m = JSON.readTree(manifest.toFile());
                    if (m.path("data").asText().equals(data) && m.path("model").asText().equals(model)
                            && m.path("mask_seed").asLong(-1) == maskSeed
                            && m.path("hash").asText().equals(folder.getFileName().toString())) {
                        return Optional.of(m.path("hash").asText());
                    }
                }
            } catch (IOException e) {
                LOG.warnf("cannot read the testbeds in %s: %s", root, e.getMessage());
            }
        }
        return Optional.empty();
    }

    private List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        config.leaderboardDir().ifPresent(d -> roots.add(d.resolve("testbeds")));
        roots.add(config.testbedsDirectory());
        return roots;
    }
}
