package dev.lacuna.cli;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.plugin.LoadedPlugin;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.ProtocolResult;
import dev.lacuna.engine.protocol.ResultJson;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.StoredTestbeds;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.spi.UnlearningObjective;
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
 * {@code lacuna evaluate}: runs the objective protocol for a plugin JAR on stored testbeds and writes the
 * result. Progress goes to stderr, the result to {@code --out} (atomically, only after success) or stdout.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate an unlearning-objective plugin: Oracle vs Random regions over mask seeds (AUES, MU95, p-values).")
final class EvaluateCommand implements Callable<Integer> {

    /** The paper's five mask seeds. */
    static final List<Long> DEFAULT_SEEDS = List.of(7L, 19L, 31L, 47L, 99L);

    @Spec
    CommandSpec spec;

    @Option(names = "--plugin", required = true, paramLabel = "PATH.jar", description = "The objective plugin JAR.")
    Path plugin;

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

    @Option(names = "--option", paramLabel = "NAME=VALUE", description = "An option for the objective; repeatable.")
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
        List<SeedTestbed> loaded = new ArrayList<>();
        Progress progress = new Progress(err);
        try (LoadedPlugin<UnlearningObjective> objective = PluginLoader.load(plugin, UnlearningObjective.class)) {
            for (TestbedSummary s : summaries) {
                progress.line("loading testbed " + s.id());
                loaded.add(StoredTestbeds.load(s, store, catalog, syntheticSeed));
            }
            var descriptor = objective.descriptor();
            ProtocolResult result = new ObjectiveProtocol(config, progress::report).run(
                    new ObjectiveProtocol.Plugin(objective.instance(), descriptor.name(), descriptor.version(), descriptor.sha256()),
                    testbed, loaded, learningRate);
            progress.finish();
            String text = format.equals("json") ? ResultJson.toJson(result, "cpu") : ResultJson.toMarkdown(result, "cpu");
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                ResultJson.writeAtomically(out, text);
                err.println("lacuna: result written to " + out);
            }
            err.printf(Locale.ROOT, "lacuna: AUES Oracle %.4f, Random %.4f, p %.4f (%.0f s)%n", result.summary().auesOracle().mean(),
                    result.summary().auesRandom().mean(), result.summary().auesP(), result.timings().total());
            err.flush();
            return 0;
        } finally {
            for (SeedTestbed s : loaded) {
                s.thetaO().close();
                s.thetaR().close();
            }
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

        void finish() {
            err.println();
            err.flush();
        }
    }
}
