package dev.lacuna.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.job.JobJson;
import dev.lacuna.engine.job.SweepJob;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.engine.plan.OutcomeFolder;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.worker.PluginHost;
import dev.lacuna.worker.sandbox.SandboxSettings;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.StoredTestbeds;
import dev.lacuna.engine.protocol.SweepExecutor;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.results.ResultCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The parent's kept outcomes (theta_o's scores, theta_r's truth ratios), shared by its children; none if absent. */
    @Option(names = "--outcomes")
    Path outcomes;

    @Override
    public Integer call() throws IOException {
        SweepJob spec = JobJson.readSweep(Files.readAllBytes(job));
        TestbedStore store = new TestbedStore(Path.of(spec.store()));
        List<TestbedSummary> found = StoredTestbeds.resolve(store, spec.testbedHash(), List.of());
        DataCatalog catalog = new DataCatalog(java.util.Optional.ofNullable(spec.dataDir()).map(Path::of));
        SeedTestbed seed = StoredTestbeds.load(found.get(0), store, catalog, spec.syntheticSeed());
        PluginDescriptor d = PluginLoader.describe(Path.of(spec.pluginJar()));
        if (!d.sha256().equals(spec.pluginSha256())) {
            throw new IllegalStateException("the objective JAR " + spec.pluginJar() + " changed since the evaluation started");
        }
        ProtocolConfig config = spec.config();
        try (PluginHost objective = PluginHost.open(d, !spec.sandboxed(), SandboxSettings.of(spec.sandbox()))) {
            SweepExecutor.Job work = new SweepExecutor.Job(0, spec.name(), spec.region(), spec.learningRate());
            OutcomeFolder kept = outcomes == null ? null
                    : new OutcomeFolder(outcomes, found.get(0).data(), found.get(0).model(), config);
            SweepExecutor.Outcome outcome = ObjectiveProtocol.runJob(config, objective.objectivePlugin(), seed, work,
                    (stage, maskSeed, done, total, fraction) -> {
                        System.err.println(ParallelSweeps.PROGRESS + stage + " " + done + "/" + total);
                        System.err.flush();
                    }, kept);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("run", ResultCodec.toTree(outcome.run()));
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
