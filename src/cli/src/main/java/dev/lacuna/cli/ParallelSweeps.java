package dev.lacuna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.protocol.ResultJson;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.SweepExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a protocol's sweeps in child JVMs with one PyTorch thread each, {@code jobs} at a time: on a CPU,
 * several one-thread processes do more work per second than one process with as many threads. Each child
 * ({@link SweepWorkerCommand}) reloads the testbed and the plugin and computes exactly what the
 * in-process executor would, so results do not depend on the number of jobs.
 */
final class ParallelSweeps implements SweepExecutor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int jobs;
    private final Path plugin;
    private final Path store;
    private final Path dataDir;
    private final long syntheticSeed;
    private final List<SeedTestbed> seeds;
    private final int alphas;
    private final int permutations;
    private final Map<String, String> options;
    private final Consumer<String> progress;

    ParallelSweeps(int jobs, Path plugin, Path store, Path dataDir, long syntheticSeed, List<SeedTestbed> seeds, int alphas,
                   int permutations, Map<String, String> options, Consumer<String> progress) {
        this.jobs = jobs;
        this.plugin = plugin.toAbsolutePath();
        this.store = store.toAbsolutePath();
        this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath();
        this.syntheticSeed = syntheticSeed;
        this.seeds = List.copyOf(seeds);
        this.alphas = alphas;
        this.permutations = permutations;
        this.options = Map.copyOf(options);
        this.progress = progress;
    }

    @Override
    public List<Outcome> runAll(List<Job> work) {
        Path folder;
        try {
            folder = Files.createTempDirectory("lacuna-sweeps-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the sweep jobs", e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, work.size()));
        AtomicInteger finished = new AtomicInteger();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < work.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Outcome outcome = runChild(work.get(index), folder.resolve("job-" + index));
                    progress.accept(String.format(java.util.Locale.ROOT, "sweep %d/%d done (%s, mask seed %d)",
                            finished.incrementAndGet(), work.size(), work.get(index).name(),
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
            pool.shutdownNow();
            deleteQuietly(folder);
        }
    }

    private Outcome runChild(Job job, Path base) throws IOException, InterruptedException {
        SeedTestbed seed = seeds.get(job.seed());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("plugin", plugin.toString());
        spec.put("store", store.toString());
        spec.put("data_dir", dataDir == null ? null : dataDir.toString());
        spec.put("synthetic_seed", syntheticSeed);
        spec.put("testbed_hash", seed.hash());
        spec.put("name", job.name());
        spec.put("region", Base64.getEncoder().encodeToString(job.region().toBytes()));
        spec.put("learning_rate", job.learningRate());
        spec.put("alphas", alphas);
        spec.put("permutations", permutations);
        spec.put("options", options);
        Path jobFile = base.resolveSibling(base.getFileName() + ".json");
        Path outFile = base.resolveSibling(base.getFileName() + ".out.json");
        Path errFile = base.resolveSibling(base.getFileName() + ".err");
        Files.write(jobFile, JSON.writeValueAsBytes(spec));
        List<String> command = ChildJvm.command(List.of("sweep-worker", "--job", jobFile.toString(), "--out", outFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(errFile.toFile()).start();
        process.getOutputStream().close();
        int code = process.waitFor();
        if (code != 0 || !Files.isRegularFile(outFile)) {
            throw new IllegalStateException("the " + job.name() + " sweep of mask seed " + seed.maskSeed() + " failed: "
                    + lastError(errFile));
        }
        JsonNode result = JSON.readTree(outFile.toFile());
        return new Outcome(ResultJson.readRun(result.path("run"), job.name()), result.path("unlearning_seconds").asDouble(),
                result.path("scoring_seconds").asDouble(), result.path("generation_seconds").asDouble());
    }

    /** The child's last "lacuna:" error line, or its last line. */
    private static String lastError(Path errFile) throws IOException {
        List<String> lines = Files.readAllLines(errFile, StandardCharsets.UTF_8);
        String last = "no output";
        for (String line : lines) {
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
