package dev.lacuna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.job.JobJson;
import dev.lacuna.engine.job.SweepJob;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.SweepExecutor;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.results.Run;
import dev.lacuna.worker.sandbox.SandboxSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a protocol's sweeps in child JVMs with one PyTorch thread each, {@code jobs} at a time: on a CPU,
 * several one-thread processes do more work per second than one process with as many threads. Each child
 * ({@link SweepWorkerCommand}) is harness code: it reloads the testbed, has the objective unlearn where
 * the parent would have it (in the sandbox unless trusted, with the same limits) and computes exactly
 * what the in-process executor would, so results do not depend on the number of jobs. Children write their
 * progress to their output file ({@link #PROGRESS}); a monitor shows the running ones' latest every few
 * seconds, so an hour-long TOFU sweep is not silent.
 */
final class ParallelSweeps implements SweepExecutor {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Prefix of a child's progress lines: {@code PROGRESS stage done/total}. */
    static final String PROGRESS = "lacuna-sweep-progress: ";

    private static final long MONITOR_SECONDS = 3;

    private final int jobs;
    private final Path plugin;
    private final boolean sandboxed;
    private final SandboxSettings limits;
    private final Path store;
    private final Path dataDir;
    private final long syntheticSeed;
    private final List<SeedTestbed> seeds;
    private final String pluginSha256;
    private final ProtocolConfig config;
    private final Consumer<String> progress;
    private final Consumer<String> status;
    private final Path outcomes;

    /**
     * @param progress receives a line per finished sweep
     * @param status   receives, every few seconds, one line on what the running children are doing
     * @param outcomes the evaluation's kept outcomes, whose theta_o scores and theta_r truth ratios the children share;
     *                 null keeps nothing
     */
    ParallelSweeps(int jobs, Path plugin, String pluginSha256, boolean sandboxed, SandboxSettings limits, Path store, Path dataDir, long syntheticSeed, List<SeedTestbed> seeds,
                   ProtocolConfig config, Consumer<String> progress, Consumer<String> status, Path outcomes) {
        this.jobs = jobs;
        this.plugin = plugin.toAbsolutePath();
        this.pluginSha256 = pluginSha256;
        this.sandboxed = sandboxed;
        this.limits = limits;
        this.store = store.toAbsolutePath();
        this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath();
        this.syntheticSeed = syntheticSeed;
        this.seeds = List.copyOf(seeds);
        this.config = config;
        this.progress = progress;
        this.status = status;
        this.outcomes = outcomes == null ? null : outcomes.toAbsolutePath();
    }

    @Override
    public List<Outcome> runAll(List<Job> work, Finished finished) {
        Path folder;
        try {
            folder = Files.createTempDirectory("lacuna-sweeps-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the sweep jobs", e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, work.size()));
        AtomicInteger done = new AtomicInteger();
        Map<Integer, Path> running = new ConcurrentSkipListMap<>();
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sweep-monitor");
            t.setDaemon(true);
            return t;
        });
        monitor.scheduleAtFixedRate(() -> report(work, running, done.get()), MONITOR_SECONDS, MONITOR_SECONDS, TimeUnit.SECONDS);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < work.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Path base = folder.resolve("job-" + index);
                    running.put(index, errFile(base));
                    Outcome outcome;
                    try {
                        outcome = runChild(work.get(index), base);
                    } finally {
                        running.remove(index);
                    }
                    finished.done(index, outcome);
                    progress.accept(String.format(Locale.ROOT, "sweep %d/%d done (%s, mask seed %d)",
                            done.incrementAndGet(), work.size(), work.get(index).name(),
                            seeds.get(work.get(index).seed()).maskSeed()));
                    return outcome;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sweeps", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        } finally {
            monitor.shutdownNow();
            pool.shutdownNow();
            deleteQuietly(folder);
        }
    }

    private static Path errFile(Path jobBase) {
        return jobBase.resolveSibling(jobBase.getFileName() + ".err");
    }

    /** One status line: how many sweeps are done and each running child's latest progress. */
    private void report(List<Job> work, Map<Integer, Path> running, int finished) {
        List<String> parts = new ArrayList<>();
        running.forEach((index, errFile) -> {
            Job job = work.get(index);
            parts.add(String.format(Locale.ROOT, "seed %d %s %s", seeds.get(job.seed()).maskSeed(), job.name(),
                    latestProgress(errFile)));
        });
        if (!parts.isEmpty()) {
            status.accept(String.format(Locale.ROOT, "sweeps %d/%d done; %s", finished, work.size(),
                    String.join("; ", parts)));
        }
    }

    /** The stage and step of a child's last progress line, or "starting". */
    static String latestProgress(Path errFile) {
        try {
            if (!Files.isRegularFile(errFile)) {
                return "starting";
            }
            List<String> lines = Files.readAllLines(errFile, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(PROGRESS)) {
                    return lines.get(i).substring(PROGRESS.length());
                }
            }
            return "starting";
        } catch (IOException | UncheckedIOException e) {
            return "progress unreadable";
        }
    }

    private Outcome runChild(Job job, Path base) throws IOException, InterruptedException {
        SeedTestbed seed = seeds.get(job.seed());
        SweepJob spec = new SweepJob(store.toString(), dataDir == null ? null : dataDir.toString(), syntheticSeed, seed.hash(),
                job.name(), job.region(), job.learningRate(), config, plugin.toString(), pluginSha256, sandboxed,
                sandboxed ? limits.toMap() : Map.of());
        Path jobFile = base.resolveSibling(base.getFileName() + ".json");
        Path outFile = base.resolveSibling(base.getFileName() + ".out.json");
        Path errFile = errFile(base);
        Files.write(jobFile, JobJson.write(spec));
        List<String> args = new ArrayList<>(List.of("sweep-worker", "--job", jobFile.toString(), "--out", outFile.toString()));
        if (outcomes != null) {
            args.addAll(List.of("--outcomes", outcomes.toString()));
        }
        List<String> command = ChildJvm.command(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(errFile.toFile()).start();
        process.getOutputStream().close();
        int code = process.waitFor();
        if (code != 0 || !Files.isRegularFile(outFile)) {
            throw new IllegalStateException("the " + job.name() + " sweep of mask seed " + seed.maskSeed() + " failed: "
                    + lastError(errFile));
        }
        JsonNode result = JSON.readTree(outFile.toFile());
        Run run;
        try {
            run = ResultCodec.fromTree(result.get("run"), Run.class, "run");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the " + job.name() + " sweep of mask seed " + seed.maskSeed()
                    + " handed back an unreadable run: " + e.getMessage(), e);
        }
        return new Outcome(run, result.path("unlearning_seconds").asDouble(),
                result.path("scoring_seconds").asDouble(), result.path("generation_seconds").asDouble());
    }

    /** The child's last "lacuna:" error line, or its last line. */
    private static String lastError(Path errFile) throws IOException {
        List<String> lines = Files.readAllLines(errFile, StandardCharsets.UTF_8);
        String last = "no output";
        for (String line : lines) {
            if (line.startsWith(PROGRESS)) {
                continue;
            }
            if (line.startsWith("lacuna: ")) {
                last = line.substring("lacuna: ".length());
            } else if (!line.isBlank() && last.equals("no output")) {
                last = line.trim();
            }
        }
        return last;
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the operating system cleans it eventually
        }
    }
}
