package dev.lacuna.cli;

import dev.lacuna.worker.fleet.WorkerLoop;
import dev.lacuna.worker.sandbox.SandboxSettings;
import java.net.URI;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna worker}: a platform worker. It talks to the server over HTTP only, with a worker token, so a
 * worker machine holds no database credentials; run one per GPU, on any number of machines.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Claim evaluation jobs from a Lacuna server and run them: each job in a child process, its plugin code "
                + "in the sandbox. Stops after the running job on SIGTERM; a worker killed outright loses nothing (its job runs "
                + "again once its lease expires)."})
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The server, e.g. http://localhost:8080.")
    URI server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "A worker (or admin) token from './lacuna admin token create --role worker' (default: $LACUNA_TOKEN, "
                    + "which keeps it out of the process list).")
    String token;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda:N",
            description = "Where jobs compute (default cpu; CUDA is checked and refused until jobs run there).")
    String device;

    @Option(names = "--once", description = "Run at most one job, then exit (0 also when the queue was empty); for batch schedulers.")
    boolean once;

    @Option(names = "--name", paramLabel = "NAME", description = "How jobs name this worker (default host:pid).")
    String name;

    @Option(names = "--home", paramLabel = "DIR",
            description = "State folder: testbeds/, the JAR cache jars/, work/ (default: $LACUNA_HOME or ~/.lacuna).")
    Path home;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory for TOFU/LUME testbed builds (default: $LACUNA_DATA_DIR).")
    Path dataDir;

    @Option(names = "--idle-seconds", defaultValue = "20", paramLabel = "N",
            description = "How long one claim waits on the server for a job (it answers as soon as one is queued), 1 to 25 "
                    + "(default 20).")
    int idleSeconds;

    @Option(names = "--sandbox", paramLabel = "NAME=VALUE", description = "A sandbox limit for plugin jobs, repeatable (docs/sandbox.md).")
    Map<String, String> sandbox = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        String secret = token != null ? token : System.getenv("LACUNA_TOKEN");
        if (secret == null || secret.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a worker needs a token: --token TOKEN or $LACUNA_TOKEN");
        }
        ComputeDevice.requireCpu(spec, device, "a worker's jobs");
        if (idleSeconds < 1 || idleSeconds > 25) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--idle-seconds must be 1 to 25, got " + idleSeconds);
        }
        if (server.getScheme() == null || !server.getScheme().startsWith("http")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--server must be an http(s) URL, got " + server);
        }
        try {
            SandboxSettings.of(sandbox);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sandbox: " + e.getMessage());
        }
        WorkerLoop.Settings settings = new WorkerLoop.Settings(name != null ? name : defaultName(), device,
                TestbedCommand.LacunaHome.resolve(home), DataCommand.DataDirectory.resolve(dataDir).orElse(null), sandbox,
                EvaluateCommand.bundledReferenceJar().orElse(null), Duration.ofSeconds(idleSeconds), once, ChildJvm::command);
        WorkerLoop loop = new WorkerLoop(server, secret, settings, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(loop::stop, "worker-stop"));
        return loop.run();
    }

    private static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
