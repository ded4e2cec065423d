package dev.lacuna.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.engine.protocol.ModelScores;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.RunStore;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.SweepExecutor;
import dev.lacuna.results.Calibration;
import dev.lacuna.results.ResultCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The {@link RunStore} of {@code ./lacuna evaluate} and of platform task children: each finished calibration and
 * sweep as the outcome JSON of the
 * platform task that computes the same thing, in a file named by that task's content key ({@link TaskJson#contentKey}:
 * testbed hash, plugin sha256, role and region, rate, settings). The command line and the platform's workers so name
 * equal work alike. Files sit under a folder per harness build ({@link #harnessDigest}), since an outcome is only
 * worth reusing from the code that would compute it again; a file that does not read is computed again. theta_o's
 * scores and theta_r's forget truth ratios are kept by testbed hash and data digest, so every sweep, child process
 * and evaluation on a testbed shares them.
 */
public final class OutcomeFolder implements RunStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final String data;
    private final String model;
    private final ProtocolConfig config;
    private final AtomicInteger reused = new AtomicInteger();

    /**
     * @param folder outcomes of this harness build ({@code <home>/outcomes/<harness digest>})
     * @param data   the testbeds' data set, {@code model} their model: with each seed's hash, the testbed's identity
     */
    public OutcomeFolder(Path folder, String data, String model, ProtocolConfig config) {
        this.folder = folder;
        this.data = data;
        this.model = model;
        this.config = config;
    }

    /** How many calibrations and sweeps were found here rather than computed. */
    public int reused() {
        return reused.get();
    }

    public Path folder() {
        return folder;
    }

    @Override
    public Optional<Kept<Calibration>> calibration(SeedTestbed seed, ObjectiveProtocol.Plugin objective) {
        return read(new Task.Calibration(testbed(seed), plugin(objective), config))
                .filter(TaskOutcome.Calibrated.class::isInstance).map(TaskOutcome.Calibrated.class::cast)
                .map(c -> new Kept<>(c.calibration(), c.seconds()));
    }

    @Override
    public void keepCalibration(SeedTestbed seed, ObjectiveProtocol.Plugin objective, Calibration calibration, double seconds) {
        write(new Task.Calibration(testbed(seed), plugin(objective), config), new TaskOutcome.Calibrated(calibration, seconds));
    }

    @Override
    public Optional<SweepExecutor.Outcome> sweep(SeedTestbed seed, ObjectiveProtocol.Plugin objective, SweepExecutor.Job job) {
        return read(sweepTask(seed, objective, job)).filter(TaskOutcome.Swept.class::isInstance).map(TaskOutcome.Swept.class::cast)
                .map(s -> new SweepExecutor.Outcome(s.run(), s.unlearningSeconds(), s.scoringSeconds(), s.generationSeconds()));
    }

    @Override
    public void keepSweep(SeedTestbed seed, ObjectiveProtocol.Plugin objective, SweepExecutor.Job job, SweepExecutor.Outcome outcome) {
        write(sweepTask(seed, objective, job),
                new TaskOutcome.Swept(outcome.run(), outcome.unlearning(), outcome.scoring(), outcome.generation()));
    }

    @Override
    public Optional<ModelScores> baseline(SeedTestbed seed, boolean withUtility) {
        return readTree(scoresFile("theta-o", seed, withUtility)).map(n -> new ModelScores(n.path("fs").asDouble(),
                n.path("rs").asDouble(), n.path("model_utility").isNull() ? null : n.path("model_utility").asDouble(),
                numbers(n.path("forget_truth_ratios")), new ModelScores.Timing(n.path("scoring_seconds").asDouble(),
                n.path("generation_seconds").asDouble())));
    }

    @Override
    public void keepBaseline(SeedTestbed seed, boolean withUtility, ModelScores scores) {
        ObjectNode n = JSON.createObjectNode();
        n.put("fs", scores.fs());
        n.put("rs", scores.rs());
        n.put("model_utility", scores.modelUtility());
        n.set("forget_truth_ratios", array(scores.forgetTruthRatios()));
        n.put("scoring_seconds", scores.seconds().scoring());
        n.put("generation_seconds", scores.seconds().generation());
        ResultCodec.writeAtomically(scoresFile("theta-o", seed, withUtility), n.toString());
    }

    @Override
    public Optional<double[]> goldRatios(SeedTestbed seed) {
        return readTree(scoresFile("theta-r-forget-truth-ratios", seed, true)).map(n -> numbers(n.path("ratios")))
                .filter(java.util.Objects::nonNull);
    }

    @Override
    public void keepGoldRatios(SeedTestbed seed, double[] ratios) {
        ObjectNode n = JSON.createObjectNode();
        n.set("ratios", array(ratios));
        ResultCodec.writeAtomically(scoresFile("theta-r-forget-truth-ratios", seed, true), n.toString());
    }

    /** A model's scores on a testbed's data: named by the testbed's hash and the data's digest, whatever the protocol. */
    private Path scoresFile(String what, SeedTestbed seed, boolean withUtility) {
        String key = sha256(what + "\n" + seed.hash() + "\n" + seed.data().digest() + "\n" + withUtility);
        return folder.resolve(what + "-" + key + ".json");
    }

    private Optional<JsonNode> readTree(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double[] numbers(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static JsonNode array(double[] values) {
        if (values == null) {
            return JSON.nullNode();
        }
        ArrayNode a = JSON.createArrayNode();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private Task.Sweep sweepTask(SeedTestbed seed, ObjectiveProtocol.Plugin objective, SweepExecutor.Job job) {
        // as on the platform: an Oracle or Random region follows from the testbed, only a localizer's is named
        return new Task.Sweep(testbed(seed), plugin(objective), job.name(), job.name().equals("localized") ? job.region() : null,
                job.learningRate(), config);
    }

    private TestbedRef testbed(SeedTestbed seed) {
        return new TestbedRef(data, model, seed.maskSeed(), seed.hash());
    }

    private static PluginRef plugin(ObjectiveProtocol.Plugin objective) {
        return new PluginRef(objective.sha256(), objective.name(), objective.version(), objective.runtime().sandboxed());
    }

    private Optional<TaskOutcome> read(Task task) {
        Path file = file(task);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            TaskOutcome outcome = TaskJson.readOutcome(Files.readString(file, StandardCharsets.UTF_8));
            reused.incrementAndGet();
            return Optional.of(outcome);
        } catch (IOException | IllegalArgumentException e) {
            // a damaged file is worth no more than a missing one: the work is done again and the file replaced
            return Optional.empty();
        }
    }

    private void write(Task task, TaskOutcome outcome) {
        ResultCodec.writeAtomically(file(task), TaskJson.write(outcome));
    }

    private Path file(Task task) {
        return folder.resolve(TaskJson.contentKey(task) + ".json");
    }

    /**
     * A digest of the harness code {@code anchor} was loaded with: of the {@code dev/lacuna/} classes in its JAR and
     * in the JARs of the engine, the result records and the SPI (entry names and bytes, not the JARs' timestamps, so
     * a rebuild of the same sources keeps the digest), or of the class files of their folders when they run from
     * build directories. The engine computes the numbers, so a change there must start a new folder even when the
     * anchor's own JAR (the command line's, which reaches the engine through its class path) is unchanged.
     * 16 hex digits.
     */
    public static String harnessDigest(Class<?> anchor) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> sources = new ArrayList<>();
            for (Class<?> part : List.of(anchor, OutcomeFolder.class, ResultCodec.class, dev.lacuna.spi.SpiVersion.class)) {
                Path source = Path.of(part.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!sources.contains(source)) {
                    sources.add(source);
                    digestClasses(source, sha);
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the harness code to key its outcomes", e);
        } catch (URISyntaxException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest the harness code", e);
        }
    }

    /** Adds the {@code dev/lacuna/} classes of a JAR, or every class file of a build folder, to {@code sha}. */
    private static void digestClasses(Path source, MessageDigest sha) throws IOException {
        if (Files.isDirectory(source)) {
            List<Path> classes;
            try (Stream<Path> files = Files.walk(source)) {
                classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
            }
            for (Path f : classes) {
                sha.update(source.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(f));
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            List<JarEntry> entries = new ArrayList<>();
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("dev/lacuna/") && entry.getName().endsWith(".class")) {
                    entries.add(entry);
                }
            }
            entries.sort(java.util.Comparator.comparing(JarEntry::getName));
            for (JarEntry entry : entries) {
                sha.update(entry.getName().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = jar.getInputStream(entry)) {
                    sha.update(in.readAllBytes());
                }
            }
        }
    }
}
