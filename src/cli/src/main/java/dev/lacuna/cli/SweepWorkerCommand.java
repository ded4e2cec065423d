package dev.lacuna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.worker.PluginHost;
import dev.lacuna.worker.sandbox.SandboxSettings;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.ResultJson;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.StoredTestbeds;
import dev.lacuna.engine.protocol.SweepExecutor;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lacuna sweep-worker}: runs one (seed, region) sweep that {@link ParallelSweeps} wrote to a job
 * file and writes the run back as JSON. Internal: started by {@code evaluate --jobs N}, not by users.
 */
@Command(name = "sweep-worker", hidden = true, description = "Internal: run one unlearning sweep for evaluate --jobs.")
final class SweepWorkerCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--job", required = true)
    Path job;

    @Option(names = "--out", required = true)
    Path out;

    @Override
    public Integer call() throws IOException {
        JsonNode spec = JSON.readTree(job.toFile());
        Map<String, String> options = new LinkedHashMap<>();
        spec.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        ProtocolConfig config = ProtocolConfig.standard(options)
                .withAlphas(ProtocolConfig.evenAlphas(spec.path("alphas").asInt()))
                .withPermutations(spec.path("permutations").asInt());
        TestbedStore store = new TestbedStore(Path.of(spec.path("store").asText()));
        List<TestbedSummary> found = StoredTestbeds.resolve(store, spec.path("testbed_hash").asText(), List.of());
        Path dataDir = spec.path("data_dir").isNull() ? null : Path.of(spec.path("data_dir").asText());
        DataCatalog catalog = new DataCatalog(java.util.Optional.ofNullable(dataDir));
        SeedTestbed seed = StoredTestbeds.load(found.get(0), store, catalog, spec.path("synthetic_seed").asLong());
        Map<String, String> limits = new LinkedHashMap<>();
        spec.path("sandbox").fields().forEachRemaining(e -> limits.put(e.getKey(), e.getValue().asText()));
        PluginDescriptor d = PluginLoader.describe(Path.of(spec.path("plugin").asText()));
        try (PluginHost objective = PluginHost.open(d, !spec.path("sandboxed").asBoolean(true), SandboxSettings.of(limits))) {
            Region region = Region.fromBytes(Base64.getDecoder().decode(spec.path("region").asText()));
            SweepExecutor.Job work = new SweepExecutor.Job(0, spec.path("name").asText(), region,
                    spec.path("learning_rate").asDouble());
            SweepExecutor.Outcome outcome = ObjectiveProtocol.runJob(config, objective.objectivePlugin(), seed, work,
                    (stage, maskSeed, done, total, fraction) -> {
                        System.err.println(ParallelSweeps.PROGRESS + stage + " " + done + "/" + total);
                        System.err.flush();
                    });
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("run", ResultJson.run(outcome.run()));
            result.put("unlearning_seconds", outcome.unlearning());
            result.put("scoring_seconds", outcome.scoring());
            result.put("generation_seconds", outcome.generation());
            Files.write(out, JSON.writeValueAsBytes(result));
            return 0;
        } finally {
            seed.thetaO().close();
            seed.thetaR().close();
        }
    }
}
