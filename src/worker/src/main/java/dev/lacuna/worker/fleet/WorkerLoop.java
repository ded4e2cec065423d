package dev.lacuna.worker.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.plan.PluginRef;
import dev.lacuna.engine.plan.Task;
import dev.lacuna.engine.plan.TaskJson;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.engine.testbed.CorruptTestbedException;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The claim-run-report loop of one worker. Each job runs in a child process of harness code ({@code task-run},
 * whose plugin jobs run in the sandbox), so a crash or a leak ends with that child and the worker takes the next
 * job. While the child runs, a heartbeat every third of the lease forwards its progress; a heartbeat the server
 * refuses (the lease was lost to another attempt) or one that says the job was cancelled stops the child, and
 * nothing of that attempt is reported. Testbeds and JARs are found locally by hash or fetched from the server,
 * and checked, before the child starts.
 */
public final class WorkerLoop {

    /** Exit code of {@code task-run} when the plugin failed: the job fails without another attempt. */
    public static final int PLUGIN_FAULT = 3;

    /** Pause after a claim that failed (server restarting, network): short, so a restarted server gets its workers back. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    /** Lines of a failed child's log kept for its job. */
    static final int LOG_LINES = 40;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where and how this worker runs.
     *
     * @param childCommand    the command line of a child {@code lacuna} JVM for the given arguments
     * @param trustedJar      the bundled reference objective, the one JAR that may run outside the sandbox
     * @param idleWait        how long one claim waits on the server for a job to be queued (it answers as soon as one
     *                        is, so an idle worker starts new work at once)
     * @param once            run at most one job, then return (for batch schedulers)
     */
    public record Settings(String name, String device, Path home, Path dataDir, Map<String, String> sandbox, Path trustedJar,
                           Duration idleWait, boolean once, Function<List<String>, List<String>> childCommand) {
    }

    private final ServerClient server;
    private final Settings settings;
    private final String token;
    private final PrintStream log;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** The bundled reference's sha256, checked once: the one plugin this worker runs outside the sandbox. */
    private final String trustedSha256;

    public WorkerLoop(URI server, String token, Settings settings, PrintStream log) {
        this.server = new ServerClient(server, token);
        this.token = token;
        this.settings = settings;
        this.log = log;
        this.trustedSha256 = settings.trustedJar() == null ? null : PluginLoader.describe(settings.trustedJar()).sha256();
    }

    /** Stops after the running job (a shutdown hook calls this). */
    public void stop() {
        stopping.set(true);
    }

    /** Claims and runs jobs until stopped; with {@code once}, runs one job (or none if the queue is empty). */
    public int run() throws InterruptedException {
        say("worker " + settings.name() + " (" + settings.device() + ") polling");
        while (!stopping.get()) {
            Optional<ServerClient.Claim> claim;
            long asked = System.nanoTime();
            try {
                claim = server.claim(settings.name(), settings.device(), settings.once() ? Duration.ZERO : settings.idleWait());
            } catch (IOException e) {
                say("cannot claim a job: " + e.getMessage() + "; trying again in " + RETRY_PAUSE.toSeconds() + " s");
                if (settings.once()) {
                    return 1;
                }
                Thread.sleep(RETRY_PAUSE.toMillis());
                continue;
            }
            if (claim.isEmpty()) {
                if (settings.once()) {
                    say("no job waiting");
                    return 0;
                }
                // the server waited for a job already; one that answered at once (it could not wait) gets a pause
                long waited = (System.nanoTime() - asked) / 1_000_000;
                Thread.sleep(Math.max(0, settings.idleWait().toMillis() / 2 - waited));
                continue;
            }
            execute(claim.get());
            if (settings.once()) {
                return 0;
            }
        }
        return 0;
    }

    /** Runs one claimed job to its end and reports it (unless the attempt was superseded or cancelled). */
    void execute(ServerClient.Claim claim) throws InterruptedException {
        say(String.format(Locale.ROOT, "job %d (%s), attempt %d", claim.jobId(), claim.type(), claim.attempt()));
        LogTail tail = new LogTail(LOG_LINES, List.of(token));
        Attempt attempt = new Attempt(claim);
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + claim.jobId());
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, claim.leaseSeconds() / 3);
        beats.scheduleAtFixedRate(attempt::beat, period, period, TimeUnit.SECONDS);
        Path work = null;
        try {
            Task task = TaskJson.readTask(claim.task());
            work = Files.createDirectories(settings.home().resolve("work")).resolve("job-" + claim.jobId() + "-" + claim.attempt());
            deleteRecursively(work);
            Files.createDirectories(work);
            if (task instanceof Task.Testbed t && t.testbed().hash() == null
                    && store().find(t.testbed().data(), t.testbed().model(), t.testbed().maskSeed()).isEmpty()) {
                attempt.progress.set(new TaskProgress.Reading(0, 0, 1, "building testbed"));
                int code = attempt.runChild(buildCommand(t), tail);
                if (attempt.abandoned.get()) {
                    return;
                }
                if (code != 0) {
                    report(claim, tail.reason("the testbed build exited with code " + code), tail, false);
                    return;
                }
            } else if (task.testbed().hash() != null) {
                ensureTestbed(task.testbed().hash());
            }
            List<String> args = new ArrayList<>(List.of("task-run", "--task", write(work.resolve("task.json"), TaskJson.write(task)),
                    "--out", work.resolve("outcome.json").toString(), "--home", settings.home().toString()));
            if (settings.dataDir() != null) {
                args.addAll(List.of("--data-dir", settings.dataDir().toString()));
            }
            for (PluginRef plugin : plugins(task)) {
                args.addAll(List.of("--jar", plugin.sha256() + "=" + jar(plugin)));
            }
            if (trustedSha256 != null) {
                args.addAll(List.of("--trusted-sha256", trustedSha256));
            }
            settings.sandbox().forEach((k, v) -> args.addAll(List.of("--sandbox", k + "=" + v)));
            int code = attempt.runChild(settings.childCommand().apply(args), tail);
            if (attempt.abandoned.get()) {
                return;
            }
            Path outcome = work.resolve("outcome.json");
            if (code == 0 && Files.isRegularFile(outcome)) {
                JsonNode tree = JSON.readTree(outcome.toFile());
                TaskJson.readOutcome(tree);
                if (!server.complete(claim.jobId(), claim.attempt(), tree)) {
                    say("job " + claim.jobId() + ": the server refused the outcome of attempt " + claim.attempt() + " (superseded)");
                } else {
                    say("job " + claim.jobId() + " done");
                }
            } else if (code == PLUGIN_FAULT) {
                report(claim, tail.reason("the plugin failed"), tail, true);
            } else {
                report(claim, "the harness child exited with code " + code + ": " + tail.reason("no output"), tail, false);
            }
        } catch (IOException | RuntimeException e) {
            if (!attempt.abandoned.get()) {
                report(claim, e.getMessage() == null ? e.toString() : e.getMessage(), tail, false);
            }
        } finally {
            beats.shutdownNow();
            if (work != null) {
                deleteRecursively(work);
            }
        }
    }

    private void report(ServerClient.Claim claim, String reason, LogTail tail, boolean pluginFault) throws InterruptedException {
        say("job " + claim.jobId() + " failed: " + reason);
        try {
            server.fail(claim.jobId(), claim.attempt(), reason, tail.text(), pluginFault);
        } catch (IOException e) {
            say("cannot report the failure of job " + claim.jobId() + " (" + e.getMessage() + "); its lease will expire");
        }
    }

    /** One attempt's child process and heartbeats. */
    private final class Attempt {

        final ServerClient.Claim claim;
        final AtomicReference<TaskProgress.Reading> progress = new AtomicReference<>();
        final AtomicBoolean abandoned = new AtomicBoolean();
        final AtomicReference<Process> child = new AtomicReference<>();
        volatile long childStart = System.nanoTime();

        Attempt(ServerClient.Claim claim) {
            this.claim = claim;
        }

        void beat() {
            try {
                TaskProgress.Reading reading = progress.get();
                Double eta = null;
                if (reading != null && reading.fraction() > 0.02 && reading.fraction() < 1) {
                    double elapsed = (System.nanoTime() - childStart) / 1e9;
                    eta = elapsed / reading.fraction() * (1 - reading.fraction());
                }
                ServerClient.Beat beat = server.heartbeat(claim.jobId(), claim.attempt(), reading, eta);
                if (!beat.accepted() || beat.cancelled()) {
                    say("job " + claim.jobId() + ": " + (beat.cancelled() ? "cancelled" : "lease lost (" + beat.reason() + ")")
                            + "; stopping its child");
                    abandoned.set(true);
                    kill();
                }
            } catch (IOException e) {
                say("heartbeat of job " + claim.jobId() + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int runChild(List<String> command, LogTail tail) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // the child needs neither the token nor the server's address
            builder.environment().remove("LACUNA_TOKEN");
            childStart = System.nanoTime();
            Process process = builder.start();
            child.set(process);
            process.getOutputStream().close();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    for (String part : line.split("\r")) {
                        Optional<TaskProgress.Reading> reading = TaskProgress.parse(part);
                        if (reading.isPresent()) {
                            progress.set(reading.get());
                        } else if (!part.isBlank()) {
                            tail.add(part);
                        }
                    }
                }
            }
            return process.waitFor();
        }

        void kill() {
            Process process = child.get();
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private List<String> buildCommand(Task.Testbed t) {
        List<String> args = new ArrayList<>(List.of("testbed", "build", "--data", t.testbed().data(), "--model", t.testbed().model(),
                "--mask-seed", Long.toString(t.testbed().maskSeed()), "--home", settings.home().toString()));
        if (settings.dataDir() != null) {
            args.addAll(List.of("--data-dir", settings.dataDir().toString()));
        }
        return settings.childCommand().apply(args);
    }

    private TestbedStore store() {
        return new TestbedStore(settings.home().resolve("testbeds"));
    }

    /**
     * Makes sure the testbed {@code hash} is stored here: as it is, or fetched from the server file by file into a
     * side folder, checked against its manifest's hashes, then moved into place. A worker never runs on a testbed
     * it could not check.
     */
    private void ensureTestbed(String hash) throws IOException, InterruptedException {
        Path folder = store().root().resolve(hash);
        if (Files.isDirectory(folder)) {
            return;
        }
        // fetched under a side folder, named for its hash as the store requires, and checked before it moves in
        Path side = store().root().resolve(".fetching");
        Path partial = side.resolve(hash);
        deleteRecursively(partial);
        Files.createDirectories(partial);
        try {
            if (!server.downloadTestbedFile(hash, TestbedStore.MANIFEST, partial.resolve(TestbedStore.MANIFEST))) {
                throw new IOException("testbed " + hash + " is not stored on worker " + settings.name()
                        + " and the server does not publish it; testbed bytes depend on the machine that built them, so the "
                        + "worker cannot rebuild it");
            }
            JsonNode manifest = JSON.readTree(partial.resolve(TestbedStore.MANIFEST).toFile());
            for (var it = manifest.path("files").fieldNames(); it.hasNext(); ) {
                String file = it.next();
                if (!file.matches("[A-Za-z0-9._-]+") || file.startsWith(".")) {
                    throw new IOException("testbed " + hash + " names an unsafe file '" + file + "'");
                }
                if (!server.downloadTestbedFile(hash, file, partial.resolve(file))) {
                    throw new IOException("the server's testbed " + hash + " lacks its file " + file);
                }
            }
            try {
                Testbed.open(partial);
            } catch (CorruptTestbedException e) {
                throw new IOException("the server's testbed " + hash + " does not check: " + e.getMessage(), e);
            }
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
            say("fetched testbed " + hash + " from the server");
        } finally {
            deleteRecursively(partial);
        }
    }

    private static List<PluginRef> plugins(Task task) {
        List<PluginRef> plugins = new ArrayList<>();
        if (task instanceof Task.Calibration c) {
            plugins.add(c.objective());
        } else if (task instanceof Task.Localization l && l.localizer() != null) {
            plugins.add(l.localizer());
        } else if (task instanceof Task.Sweep s) {
            plugins.add(s.objective());
        }
        return plugins;
    }

    /** The plugin's JAR in this worker's cache ({@code home/jars/<sha256>.jar}), fetched once and checked. */
    private Path jar(PluginRef plugin) throws IOException, InterruptedException {
        if (plugin.sha256().equals(trustedSha256)) {
            return settings.trustedJar();
        }
        Path cache = Files.createDirectories(settings.home().resolve("jars"));
        Path jar = cache.resolve(plugin.sha256() + ".jar");
        if (!Files.isRegularFile(jar)) {
            server.downloadJar(plugin.sha256(), jar);
        }
        String actual = PluginLoader.describe(jar).sha256();
        if (!actual.equals(plugin.sha256())) {
            Files.deleteIfExists(jar);
            throw new IOException("the server sent a JAR with sha256 " + actual + " for " + plugin.sha256());
        }
        return jar;
    }

    private static String write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toString();
    }

    private void say(String line) {
        synchronized (log) {
            log.println("lacuna worker: " + line);
            log.flush();
        }
    }

    private static void deleteRecursively(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
