package dev.lacuna.cli;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.plugin.LoadedPlugin;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.engine.protocol.LocalizerProtocol;
import dev.lacuna.engine.protocol.LocalizerResult;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.ProtocolResult;
import dev.lacuna.engine.protocol.ResultJson;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.StoredTestbeds;
import dev.lacuna.engine.protocol.SweepExecutor;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.spi.Localizer;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.spi.UnlearningObjective;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna evaluate}: runs the protocol that matches the plugin JAR's kind (objective or localizer) on
 * stored testbeds and writes the result. Progress goes to stderr, the result to {@code --out} (atomically,
 * only after success) or stdout.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a plugin over mask seeds. An unlearning objective is run on the Oracle region V_tgt and on a "
                + "random region (AUES, MU95, p-values); a localizer's region is compared with V_tgt (precision@p, AUROC) "
                + "and unlearned with the reference objective next to Oracle and Random."})
final class EvaluateCommand implements Callable<Integer> {

    /** File name of the reference objective bundled under {@code reference/} next to the command line's JAR. */
    static final String REFERENCE_JAR = "npo-objective.jar";

    /** The paper's five mask seeds. */
    static final List<Long> DEFAULT_SEEDS = List.of(7L, 19L, 31L, 47L, 99L);

    @Spec
    CommandSpec spec;

    @Option(names = "--plugin", required = true, paramLabel = "PATH.jar",
            description = "The plugin JAR; its manifest's Lacuna-Plugin-Kind picks the protocol.")
    Path plugin;

    @Option(names = "--reference", paramLabel = "PATH.jar",
            description = "Localizers only: the objective that unlearns in each region (default: the bundled NPO, beta 0.5).")
    Path reference;

    @Option(names = "--ground-truth",
            description = "Localizers only, harness use: grant the plugin the testbed's ground-truth region (the Oracle reference).")
    boolean groundTruth;

    @Option(names = "--localization-only",
            description = "Localizers only: score and compare with V_tgt, skip calibration and unlearning (AUES and MU95 are null).")
    boolean localizationOnly;

    @Option(names = "--testbed", required = true, paramLabel = "ID_OR_DATA/MODEL",
            description = "A stored testbed id or hash, or data/model (for example synthetic/tiny) with --seeds.")
    String testbed;

    @Option(names = "--seeds", split = ",", paramLabel = "S1,S2,...",
            description = "Mask seeds, one stored testbed each; the first calibrates the learning rate (default 7,19,31,47,99).")
    List<Long> seeds;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the result here (default: stdout).")
    Path out;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|markdown", description = "Output format (default json).")
    String format;

    @Option(names = "--option", paramLabel = "NAME=VALUE", description = "An option for the plugin; repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--home", paramLabel = "DIR", description = "State folder holding testbeds/ (default: $LACUNA_HOME or ~/.lacuna).")
    Path home;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory for TOFU/LUME testbeds (default: $LACUNA_DATA_DIR).")
    Path dataDir;

    @Option(names = "--alphas", defaultValue = "21", paramLabel = "N", description = "Mixing coefficients from 0 to 1 (default 21).")
    int alphas;

    @Option(names = "--permutations", defaultValue = "10000", paramLabel = "N",
            description = "Rounds of the permutation and bootstrap tests (default 10000).")
    int permutations;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Use this rate instead of calibrating one (results record that it was not calibrated).")
    Double learningRate;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
            description = "Run the (seed, region) sweeps in N single-thread child processes at a time (default 1: all in this process).")
    int jobs;

    @Option(names = "--synthetic-seed", defaultValue = "7", paramLabel = "N",
            description = "Generator seed of the synthetic corpus the testbeds were built from (default 7).")
    long syntheticSeed;

    @Override
    public Integer call() {
        if (!format.equals("json") && !format.equals("markdown")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be json or markdown, got '" + format + "'");
        }
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--learning-rate must be a positive number");
        }
        if (jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        if (alphas < 2 || permutations < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--alphas needs at least 2 and --permutations at least 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        TestbedStore store = new TestbedStore(home().resolve("testbeds"));
        List<Long> requested = seeds == null ? (testbed.contains("/") ? DEFAULT_SEEDS : List.of()) : List.copyOf(seeds);
        List<TestbedSummary> summaries = StoredTestbeds.resolve(store, testbed, requested);
        ProtocolConfig config = ProtocolConfig.standard(options).withAlphas(ProtocolConfig.evenAlphas(alphas))
                .withPermutations(permutations);
        DataCatalog catalog = new DataCatalog(DataCommand.DataDirectory.resolve(dataDir));
        PluginDescriptor described = PluginLoader.describe(plugin);
        if (groundTruth && described.kind() != PluginKind.LOCALIZER) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ground-truth applies to localizer plugins only");
        }
        if (reference != null && described.kind() != PluginKind.LOCALIZER) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reference applies to localizer plugins only");
        }
        if (localizationOnly && described.kind() != PluginKind.LOCALIZER) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--localization-only applies to localizer plugins only");
        }
        List<SeedTestbed> loaded = new ArrayList<>();
        Progress progress = new Progress(err);
        try {
            for (TestbedSummary s : summaries) {
                progress.line("loading testbed " + s.id());
                loaded.add(StoredTestbeds.load(s, store, catalog, syntheticSeed));
            }
            String text;
            String headline;
            if (described.kind() == PluginKind.LOCALIZER) {
                progress.line("localizer " + described.name() + " " + described.version()
                        + (groundTruth ? " (granted the ground truth)" : ""));
                LocalizerResult result = evaluateLocalizer(config, loaded, progress);
                text = format.equals("json") ? ResultJson.toJson(result, "cpu") : ResultJson.toMarkdown(result, "cpu");
                headline = String.format(Locale.ROOT, "precision@p %.4f, AUROC %.4f", result.summary().precision().mean(),
                        result.summary().auroc().mean());
                headline += result.unlearned()
                        ? String.format(Locale.ROOT, "; AUES localized %.4f, Random %.4f, Oracle %.4f, p vs Random %.4f (%.0f s)",
                        result.summary().auesLocalized().mean(), result.summary().auesRandom().mean(),
                        result.summary().auesOracle().mean(), result.summary().auesVsRandom().p(), result.timings().total())
                        : String.format(Locale.ROOT, " (localization only, %.0f s)", result.timings().total());
            } else {
                ProtocolResult result = evaluateObjective(config, loaded, progress);
                text = format.equals("json") ? ResultJson.toJson(result, "cpu") : ResultJson.toMarkdown(result, "cpu");
                headline = String.format(Locale.ROOT, "AUES Oracle %.4f, Random %.4f, p %.4f (%.0f s)",
                        result.summary().auesOracle().mean(), result.summary().auesRandom().mean(), result.summary().auesP(),
                        result.timings().total());
            }
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                ResultJson.writeAtomically(out, text);
                err.println("lacuna: result written to " + out);
            }
            err.println("lacuna: " + headline);
            err.flush();
            return 0;
        } finally {
            for (SeedTestbed s : loaded) {
                s.thetaO().close();
                s.thetaR().close();
            }
        }
    }

    private ProtocolResult evaluateObjective(ProtocolConfig config, List<SeedTestbed> loaded, Progress progress) {
        try (LoadedPlugin<UnlearningObjective> objective = PluginLoader.load(plugin, UnlearningObjective.class)) {
            ProtocolResult result = new ObjectiveProtocol(config, progress::report).run(objectivePlugin(objective), testbed,
                    loaded, learningRate, executor(plugin, loaded, progress));
            progress.finish();
            return result;
        }
    }

    private LocalizerResult evaluateLocalizer(ProtocolConfig config, List<SeedTestbed> loaded, Progress progress) {
        Path referenceJar = reference != null ? reference : bundledReference();
        try (LoadedPlugin<Localizer> localizer = PluginLoader.load(plugin, Localizer.class);
             LoadedPlugin<UnlearningObjective> objective = PluginLoader.load(referenceJar, UnlearningObjective.class)) {
            PluginDescriptor d = localizer.descriptor();
            LocalizerProtocol protocol = new LocalizerProtocol(config, progress::report);
            LocalizerProtocol.Plugin scored = new LocalizerProtocol.Plugin(localizer.instance(), d.name(), d.version(), d.sha256());
            LocalizerResult result = localizationOnly
                    ? protocol.localizeOnly(scored, objectivePlugin(objective), testbed, loaded, groundTruth)
                    : protocol.run(scored, objectivePlugin(objective), testbed, loaded, learningRate, groundTruth,
                    executor(referenceJar, loaded, progress));
            progress.finish();
            return result;
        }
    }

    /** Child processes for {@code --jobs} above 1; null runs the sweeps in this process. */
    private SweepExecutor executor(Path objectiveJar, List<SeedTestbed> loaded, Progress progress) {
        if (jobs <= 1) {
            return null;
        }
        return new ParallelSweeps(jobs, objectiveJar, home().resolve("testbeds"),
                DataCommand.DataDirectory.resolve(dataDir).orElse(null), syntheticSeed, loaded, alphas, permutations,
                options, progress::line, progress::status);
    }

    private static ObjectiveProtocol.Plugin objectivePlugin(LoadedPlugin<UnlearningObjective> objective) {
        PluginDescriptor d = objective.descriptor();
        return new ObjectiveProtocol.Plugin(objective.instance(), d.name(), d.version(), d.sha256());
    }

    /** The NPO plugin shipped next to the command line's JAR ({@code reference/npo-objective.jar}). */
    private Path bundledReference() {
        try {
            Path codeSource = Path.of(EvaluateCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jar = codeSource.getParent().resolve("reference").resolve(REFERENCE_JAR);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            throw new CommandLine.ParameterException(spec.commandLine(), "the bundled reference objective " + jar
                    + " is missing (rebuild with './lacuna build'), or name one with --reference PATH.jar");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the command line's JAR", e);
        }
    }

    private Path home() {
        return TestbedCommand.LacunaHome.resolve(home);
    }

    /** One overwritten progress line on stderr: stage, seed, step and an ETA from the main phase's pace. */
    private static final class Progress {

        private final PrintWriter err;
        private final long start = System.nanoTime();
        private long mainStart = -1;
        private long lastPrint;

        Progress(PrintWriter err) {
            this.err = err;
        }

        void line(String text) {
            err.println("lacuna: " + text);
            err.flush();
        }

        void report(String stage, long seed, int done, int total, double fraction) {
            long now = System.nanoTime();
            if (fraction > 0 && mainStart < 0) {
                mainStart = now;
            }
            if (now - lastPrint < 200_000_000L && done < total) {
                return;
            }
            lastPrint = now;
            String eta = "";
            if (mainStart >= 0 && fraction > 0.02) {
                double elapsed = (now - mainStart) / 1e9;
                eta = String.format(Locale.ROOT, ", ETA %.0f s", elapsed / fraction * (1 - fraction));
            }
            err.printf(Locale.ROOT, "\rlacuna: %-20s seed %-4d step %d/%d, %.0f s elapsed%s   ", stage, seed, done, total,
                    (now - start) / 1e9, eta);
            err.flush();
        }

        /** Overwrites the progress line with free text (the running child processes' state). */
        void status(String text) {
            err.printf(Locale.ROOT, "\rlacuna: %s, %.0f s elapsed   ", text, (System.nanoTime() - start) / 1e9);
            err.flush();
        }

        void finish() {
            err.println();
            err.flush();
        }
    }
}
