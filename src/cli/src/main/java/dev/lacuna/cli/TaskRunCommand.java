package dev.lacuna.cli;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.localization.LocalizerFailure;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.objective.ObjectiveFailure;
import dev.lacuna.engine.plan.OutcomeFolder;
import dev.lacuna.engine.plan.PluginRef;
import dev.lacuna.engine.plan.Task;
import dev.lacuna.engine.plan.TaskJson;
import dev.lacuna.engine.plan.TaskOutcome;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.engine.plugin.PluginException;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.engine.protocol.LocalizerProtocol;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.StoredTestbeds;
import dev.lacuna.engine.protocol.SweepExecutor;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.worker.PluginHost;
import dev.lacuna.worker.fleet.TaskProgress;
import dev.lacuna.worker.fleet.WorkerLoop;
import dev.lacuna.worker.sandbox.SandboxSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lacuna task-run}: runs one platform task (calibration, localization or sweep) of
 * {@link dev.lacuna.engine.plan.TaskJson} in this child process and writes its outcome. Internal: a platform worker
 * starts one per job, so a crash in native code or a leak ends with the child and the worker goes on. Harness
 * code: plugin code runs in the sandbox ({@link PluginHost}); progress goes to stderr as {@link TaskProgress} lines.
 * Exit code {@link WorkerLoop#PLUGIN_FAULT} says the plugin failed (its reason is the last {@code lacuna:} line), any
 * other non-zero code that the harness did. The child ends itself when its worker dies, so a killed worker leaves no
 * computation behind (the sandbox, started with {@code --die-with-parent}, ends with it).
 */
@Command(name = "task-run", hidden = true, description = "Internal: run one platform task for a worker.")
final class TaskRunCommand implements Callable<Integer> {

    @Option(names = "--task", required = true)
    Path task;

    @Option(names = "--out", required = true)
    Path out;

    @Option(names = "--home", required = true)
    Path home;

    @Option(names = "--data-dir")
    Path dataDir;

    @Option(names = "--jar", paramLabel = "SHA256=PATH", description = "The JAR of a plugin the task names, by sha256; repeatable.")
    Map<String, Path> jars = new LinkedHashMap<>();

    @Option(names = "--sandbox", paramLabel = "NAME=VALUE")
    Map<String, String> sandbox = new LinkedHashMap<>();

    @Option(names = "--trusted-sha256", paramLabel = "SHA256",
            description = "The only JAR that may run outside the sandbox when a task asks: the worker's bundled reference.")
    String trustedSha256;

    @Override
    public Integer call() throws Exception {
        endWithParent();
        Task work = TaskJson.readTask(Files.readString(task, StandardCharsets.UTF_8));
        TestbedStore store = new TestbedStore(home.resolve("testbeds"));
        List<TestbedSummary> found = work instanceof Task.Testbed t && t.testbed().hash() == null
                ? store.find(t.testbed().data(), t.testbed().model(), t.testbed().maskSeed()).stream().toList()
                : StoredTestbeds.resolve(store, work.testbed().hash(), List.of());
        if (found.isEmpty()) {
            throw new IllegalStateException("no stored testbed " + work.testbed().family() + " mask seed " + work.testbed().maskSeed());
        }
        DataCatalog catalog = new DataCatalog(Optional.ofNullable(dataDir));
        SeedTestbed seed = StoredTestbeds.load(found.get(0), store, catalog, StoredTestbeds.DEFAULT_SYNTHETIC_SEED);
        SandboxSettings limits = SandboxSettings.of(sandbox);
        TaskProgress progress = new TaskProgress(System.err);
        try {
            TaskOutcome outcome = run(work, seed, found.get(0).id(), limits, progress);
            ResultCodec.writeAtomically(out, TaskJson.write(outcome));
            return 0;
        } catch (ObjectiveFailure | LocalizerFailure | PluginException e) {
            System.err.println("lacuna: " + e.getMessage());
            System.err.flush();
            return WorkerLoop.PLUGIN_FAULT;
        } finally {
            seed.thetaO().close();
            seed.thetaR().close();
        }
    }

    /** Halts this JVM once the worker that started it is gone. */
    private static void endWithParent() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        Thread watch = new Thread(() -> {
            while (parent.get().isAlive()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(137);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private TaskOutcome run(Task work, SeedTestbed seed, String testbedId, SandboxSettings limits, TaskProgress progress) {
        if (work instanceof Task.Testbed) {
            String manifest;
            try {
                manifest = Files.readString(home.resolve("testbeds").resolve(seed.hash()).resolve(TestbedStore.MANIFEST));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the manifest of testbed " + seed.hash(), e);
            }
            return new TaskOutcome.TestbedReady(seed.hash(), testbedId, seed.data().hasUtilityAndForgetQuality(), manifest);
        }
        ObjectiveProtocol.Progress report = (stage, maskSeed, done, total, fraction) -> progress.report(stage, done, total, fraction);
        if (work instanceof Task.Calibration c) {
            long start = System.nanoTime();
            try (PluginHost objective = open(c.objective(), limits)) {
                var calibration = ObjectiveProtocol.calibration(c.config(), objective.objectivePlugin(), seed, report);
                return new TaskOutcome.Calibrated(calibration, (System.nanoTime() - start) / 1e9);
            }
        }
        if (work instanceof Task.Localization l) {
            try (PluginHost localizer = l.localizer() == null ? PluginHost.oracle(List.of(seed)) : open(l.localizer(), limits)) {
                progress.report("localizing", 0, 1, 0);
                LocalizerProtocol.SeedLocalization s = LocalizerProtocol.localizeSeed(l.config(), localizer.localizerPlugin(), seed);
                progress.report("localizing", 1, 1, 1);
                return new TaskOutcome.Localized(s.region(), s.report(), s.distribution(), s.seconds());
            }
        }
        Task.Sweep s = (Task.Sweep) work;
        Region region = switch (s.role()) {
            case "oracle" -> seed.target();
            case "random" -> seed.randomRegion();
            case ObjectiveProtocol.UNCONSTRAINED -> ObjectiveProtocol.everything(seed);
            default -> s.region();
        };
        try (PluginHost objective = open(s.objective(), limits)) {
            // theta_o's scores and theta_r's truth ratios are the same in every sweep on this testbed: kept in the worker's home
            OutcomeFolder shared = new OutcomeFolder(home.resolve("outcomes").resolve(OutcomeFolder.harnessDigest(TaskRunCommand.class)),
                    work.testbed().data(), work.testbed().model(), s.config());
            SweepExecutor.Outcome o = ObjectiveProtocol.runJob(s.config(), objective.objectivePlugin(), seed,
                    new SweepExecutor.Job(0, s.role(), region, s.learningRate()), report, shared);
            return new TaskOutcome.Swept(o.run(), o.unlearning(), o.scoring(), o.generation());
        }
    }

    /**
     * The plugin's JAR, checked against the sha256 the task names, opened in the sandbox; outside it only when the
     * task asks and the JAR is the one this worker trusts (its bundled reference objective).
     */
    private PluginHost open(PluginRef plugin, SandboxSettings limits) {
        Path jar = jars.get(plugin.sha256());
        if (jar == null) {
            throw new IllegalArgumentException("no JAR given for plugin " + plugin.name() + " (" + plugin.sha256() + ")");
        }
        PluginDescriptor d = PluginLoader.describe(jar);
        if (!d.sha256().equals(plugin.sha256())) {
            throw new IllegalStateException("the JAR for " + plugin.name() + " has sha256 " + d.sha256() + ", the task names "
                    + plugin.sha256());
        }
        boolean trusted = !plugin.sandboxed();
        if (trusted && !plugin.sha256().equals(trustedSha256)) {
            throw new IllegalStateException("the task asks to run " + plugin.name() + " outside the sandbox, but only the bundled "
                    + "reference objective may run there");
        }
        return PluginHost.open(d, trusted, limits);
    }
}
