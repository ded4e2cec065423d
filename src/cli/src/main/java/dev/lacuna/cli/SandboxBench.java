package dev.lacuna.cli;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.job.JobOutcome;
import dev.lacuna.engine.job.PluginJob;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.StoredTestbeds;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.worker.PluginHost;
import dev.lacuna.worker.sandbox.SandboxSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna bench sandbox}: what the sandbox costs per job. Runs the same job of a localizer (scoring
 * one testbed) {@code --repeat} times in this process and in the sandbox and prints both, their difference
 * being the start-up and teardown of a child (JVM, libtorch, staging, cgroup), which a judge pays per job.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, description = {
    "Time one localizer's scoring job in this process and in the sandbox; the difference is the sandbox's per-job overhead."})
final class SandboxBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--plugin", required = true, paramLabel = "PATH.jar", description = "A localizer JAR.")
    Path plugin;

    @Option(names = "--testbed", required = true, paramLabel = "ID", description = "A stored testbed id or hash.")
    String testbed;

    @Option(names = "--repeat", defaultValue = "5", paramLabel = "N", description = "Jobs per mode (default 5).")
    int repeat;

    @Option(names = "--home", paramLabel = "DIR", description = "State folder holding testbeds/ (default: $LACUNA_HOME or ~/.lacuna).")
    Path home;

    @Override
    public Integer call() {
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1");
        }
        PluginDescriptor d = PluginLoader.describe(plugin);
        if (d.kind() != PluginKind.LOCALIZER) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bench sandbox times a localizer's scoring job; "
                    + plugin + " is an objective");
        }
        TestbedStore store = new TestbedStore(TestbedCommand.LacunaHome.resolve(home).resolve("testbeds"));
        TestbedSummary summary = StoredTestbeds.resolve(store, testbed, List.of()).get(0);
        SeedTestbed seed = StoredTestbeds.load(summary, store, new DataCatalog(java.util.Optional.empty()),
                StoredTestbeds.DEFAULT_SYNTHETIC_SEED);
        PrintWriter out = spec.commandLine().getOut();
        try {
            double[] inProcess = time(d, true, seed);
            double[] sandboxed = time(d, false, seed);
            double a = median(inProcess);
            double b = median(sandboxed);
            out.printf(Locale.ROOT, "scoring job of %s on %s, %d runs each (median; all runs in seconds)%n", d.name(), summary.id(),
                    repeat);
            out.printf(Locale.ROOT, "  in process  %.3f s  %s%n", a, Arrays.toString(round(inProcess)));
            out.printf(Locale.ROOT, "  sandboxed   %.3f s  %s%n", b, Arrays.toString(round(sandboxed)));
            out.printf(Locale.ROOT, "  overhead    %.3f s per job (start-up and teardown of the sandboxed child)%n", b - a);
            out.flush();
            return 0;
        } finally {
            seed.thetaO().close();
            seed.thetaR().close();
        }
    }

    private double[] time(PluginDescriptor d, boolean trusted, SeedTestbed seed) {
        double[] seconds = new double[repeat];
        try (PluginHost host = PluginHost.open(d, trusted, SandboxSettings.defaults())) {
            for (int i = 0; i < repeat; i++) {
                PluginJob.Localize job = new PluginJob.Localize(UUID.randomUUID().toString(), d.sha256(), seed.hash(),
                        seed.thetaO().config(), seed.data().forget(), seed.data().retain(), seed.data().padId(),
                        new int[] {seed.tokenizer().padId(), seed.tokenizer().bosId(), seed.tokenizer().eosId()}, seed.maskSeed(),
                        0.1, Map.of());
                long t0 = System.nanoTime();
                JobOutcome outcome = host.runtime().run(job, seed.inputs(), null);
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                if (outcome instanceof JobOutcome.Failed f) {
                    throw new IllegalStateException("the benchmark's job failed: " + f.reason());
                }
            }
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 1000) / 1000.0).toArray();
    }
}
