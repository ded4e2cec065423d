package dev.lacuna.cli;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.plan.OutcomeFolder;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.engine.plugin.PluginLoader;
import dev.lacuna.engine.protocol.LocalizerProtocol;
import dev.lacuna.engine.protocol.ObjectiveProtocol;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.StoredTestbeds;
import dev.lacuna.engine.protocol.SweepExecutor;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.results.LocalizerResult;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.Result;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.results.ResultMarkdown;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.worker.PluginHost;
import dev.lacuna.worker.sandbox.SandboxSettings;
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

    @Option(names = "--plugin", paramLabel = "PATH.jar",
            description = "The plugin JAR; its manifest's Lacuna-Plugin-Kind picks the protocol. It is validated first and runs "
                    + "sandboxed unless --trusted.")
    Path plugin;

    @Option(names = "--oracle",
            description = "Instead of a plugin: the harness's Oracle localizer (V_tgt scored 1, the rest 0), the upper reference.")
    boolean oracle;

    @Option(names = "--trusted",
            description = "Run the plugin in this process with this process's rights, for your own plugin (the result says "
                    + "\"sandboxed\": false). Default: every plugin job runs in a locked-down child process.")
    boolean trusted;

    @Option(names = "--sandbox", paramLabel = "NAME=VALUE",
            description = "A sandbox limit, repeatable: memory-mib, heap-mib, pids, cpu-seconds, wall-seconds, tmp-mib, "
                    + "output-kept-kib, output-limit-mib, threads (docs/sandbox.md lists the defaults).")
    Map<String, String> sandbox = new LinkedHashMap<>();

    @Option(names = "--reference", paramLabel = "PATH.jar",
            description = "Localizers only: the objective that unlearns in each region (default: the bundled NPO, beta 0.5).")
    Path reference;

    @Option(names = "--localization-only",
            description = "Localizers only: score and compare with V_tgt, skip calibration and unlearning (AUES and MU95 are null).")
    boolean localizationOnly;

    @Option(names = "--testbed", required = true, paramLabel = "ID_OR_DATA/MODEL",
            description = "A stored testbed id or hash, or data/model (for example synthetic/tiny) with --seeds.")
    String testbed;

    @Option(names = "--seeds", split = ",", paramLabel = "S1,S2,...", converter = MaskSeedConverter.class,
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

    @Option(names = "--schedule", split = ",", paramLabel = "EPOCHS,STEPS",
            description = "Unlearning runs at least EPOCHS epochs and STEPS steps (default 5,125, Lee et al.'s); shorter is for "
                    + "quick checks, and the result records it.")
    List<Integer> schedule;

    @Option(names = "--calibration-grid", split = ",", paramLabel = "BELOW,ABOVE",
            description = "Calibration grid points below and above the plugin's suggested rate (default 4,6).")
    List<Integer> grid;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Use this rate instead of calibrating one (results record that it was not calibrated).")
    Double learningRate;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
            description = "Run the (seed, region) sweeps in N single-thread child processes at a time (default 1: all in this process).")
    int jobs;

    @Option(names = "--synthetic-seed", defaultValue = "7", paramLabel = "N",
            description = "Generator seed of the synthetic corpus the testbeds were built from (default 7).")
    long syntheticSeed;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda:N",
            description = "Where the evaluation computes (default cpu; CUDA is checked and refused until evaluation runs there).")
    String device;

    @Option(names = "--no-resume",
            description = "Compute the calibration and every sweep again instead of taking those a run with the same inputs "
                    + "finished before (kept under <home>/outcomes/), and keep none.")
    boolean noResume;

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
        ComputeDevice.requireCpu(spec, device, "evaluation");
        if ((plugin == null) == !oracle) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name the plugin with --plugin PATH.jar, or evaluate the "
                    + "Oracle reference with --oracle (one of the two)");
        }
        SandboxSettings limits;
        try {
            limits = SandboxSettings.of(sandbox);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sandbox: " + e.getMessage());
        }
        // the JAR is checked before anything else, so a broken JAR is reported as such whatever else is wrong
        PluginDescriptor described = oracle ? null : PluginLoader.describe(plugin);
        PluginKind kind = oracle ? PluginKind.LOCALIZER : described.kind();
        PrintWriter err = spec.commandLine().getErr();
        TestbedStore store = new TestbedStore(home().resolve("testbeds"));
        List<Long> requested = seeds == null ? (testbed.contains("/") ? DEFAULT_SEEDS : List.of()) : List.copyOf(seeds);
        List<TestbedSummary> summaries = StoredTestbeds.resolve(store, testbed, requested);
        ProtocolConfig config = ProtocolConfig.standard(options).withAlphas(ProtocolConfig.evenAlphas(alphas))
                .withPermutations(permutations);
        if (schedule != null) {
            if (schedule.size() != 2 || schedule.get(0) < 1 || schedule.get(1) < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--schedule needs EPOCHS,STEPS, both at least 1");
            }
            config = config.withSchedule(schedule.get(0), schedule.get(1));
        }
        if (grid != null) {
            if (grid.size() != 2 || grid.get(0) < 0 || grid.get(1) < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--calibration-grid needs BELOW,ABOVE, neither negative");
            }
            config = config.withGrid(grid.get(0), grid.get(1));
        }
        DataCatalog catalog = new DataCatalog(DataCommand.DataDirectory.resolve(dataDir));
        if (reference != null && kind != PluginKind.LOCALIZER) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reference applies to localizer plugins only");
        }
        if (localizationOnly && kind != PluginKind.LOCALIZER) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--localization-only applies to localizer plugins only");
        }
        List<SeedTestbed> loaded = new ArrayList<>();
        Progress progress = new Progress(err);
        OutcomeFolder kept = noResume ? null : new OutcomeFolder(home().resolve("outcomes")
                .resolve(OutcomeFolder.harnessDigest(EvaluateCommand.class)), summaries.get(0).data(), summaries.get(0).model(), config);
        try {
            for (TestbedSummary s : summaries) {
                progress.line("loading testbed " + s.id());
                loaded.add(StoredTestbeds.load(s, store, catalog, syntheticSeed));
            }
            Result result;
            String headline;
            if (kind == PluginKind.LOCALIZER) {
                progress.line(oracle ? "the Oracle reference localizer (harness code, reads V_tgt)"
                        : "localizer " + described.name() + " " + described.version() + where());
                LocalizerResult r = evaluateLocalizer(config, described, limits, loaded, progress, kept);
                headline = String.format(Locale.ROOT, "precision@p %.4f, AUROC %.4f", r.summary().precisionAtP(), r.summary().auroc());
                headline += r.unlearning()
                        ? String.format(Locale.ROOT, "; AUES localized %.4f, Random %.4f, Oracle %.4f, p vs Random %.4f (%.0f s)",
                        r.summary().auesLocalized(), r.summary().auesRandom(), r.summary().auesOracle(),
                        r.summary().auesPVsRandom(), r.timings().totalSeconds())
                        : String.format(Locale.ROOT, " (localization only, %.0f s)", r.timings().totalSeconds());
                result = r;
            } else {
                progress.line("objective " + described.name() + " " + described.version() + where());
                ObjectiveResult r = evaluateObjective(config, described, limits, loaded, progress, kept);
                headline = String.format(Locale.ROOT, "AUES Oracle %.4f, Random %.4f, p %.4f (%.0f s)", r.summary().auesOracle(),
                        r.summary().auesRandom(), r.summary().auesP(), r.timings().totalSeconds());
                result = r;
            }
            if (kept != null && kept.reused() > 0) {
                err.println("lacuna: resumed: " + kept.reused() + " of the calibration and sweeps were taken from an earlier run "
                        + "with the same inputs (" + kept.folder() + "; --no-resume computes them again)");
            }
            String text = format.equals("json") ? ResultCodec.write(result) : ResultMarkdown.of(result);
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                ResultCodec.writeAtomically(out, text);
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


    private String where() {
        return trusted ? " (trusted: in this process)" : " (sandboxed)";
    }

    private ObjectiveResult evaluateObjective(ProtocolConfig config, PluginDescriptor objective, SandboxSettings limits,
                                             List<SeedTestbed> loaded, Progress progress, OutcomeFolder kept) {
        try (PluginHost host = PluginHost.open(objective, trusted, limits)) {
            progress.line(host.confinement());
            ObjectiveResult result = new ObjectiveProtocol(config, progress::report, kept).run(host.objectivePlugin(), testbed,
                    loaded, learningRate, executor(objective, !trusted, limits, config, loaded, progress, kept));
            progress.finish();
            return result;
        }
    }

    private LocalizerResult evaluateLocalizer(ProtocolConfig config, PluginDescriptor localizer, SandboxSettings limits,
                                              List<SeedTestbed> loaded, Progress progress, OutcomeFolder kept) {
        // the bundled reference is harness code and runs here; a reference the user names is a plugin like any other
        PluginDescriptor referenceJar = PluginLoader.describe(reference != null ? reference : bundledReference());
        boolean referenceSandboxed = reference != null && !trusted;
        try (PluginHost scored = oracle ? PluginHost.oracle(loaded) : PluginHost.open(localizer, trusted, limits);
             PluginHost objective = PluginHost.open(referenceJar, !referenceSandboxed, limits)) {
            progress.line(scored.confinement());
            LocalizerProtocol protocol = new LocalizerProtocol(config, progress::report, kept);
            LocalizerResult result = localizationOnly
                    ? protocol.localizeOnly(scored.localizerPlugin(), objective.objectivePlugin(), testbed, loaded)
                    : protocol.run(scored.localizerPlugin(), objective.objectivePlugin(), testbed, loaded, learningRate,
                    executor(referenceJar, referenceSandboxed, limits, config, loaded, progress, kept));
            progress.finish();
            return result;
        }
    }

    /** Child processes for {@code --jobs} above 1; null runs the sweeps in this process. */
    private SweepExecutor executor(PluginDescriptor objective, boolean sandboxed, SandboxSettings limits, ProtocolConfig config,
                                   List<SeedTestbed> loaded, Progress progress, OutcomeFolder kept) {
        if (jobs <= 1) {
            return null;
        }
        return new ParallelSweeps(jobs, objective.jar(), objective.sha256(), sandboxed, limits, home().resolve("testbeds"),
                DataCommand.DataDirectory.resolve(dataDir).orElse(null), syntheticSeed, loaded, config, progress::line,
                progress::status, kept == null ? null : kept.folder());
    }

    /** The NPO plugin shipped next to the command line's JAR ({@code reference/npo-objective.jar}). */
    private Path bundledReference() {
        return bundledReferenceJar().orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "the bundled reference objective reference/" + REFERENCE_JAR + " is missing next to the command line's JAR "
                        + "(rebuild with './lacuna build'), or name one with --reference PATH.jar"));
    }

    /** The bundled reference objective, if this installation has it: harness code, trusted like the harness. */
    static java.util.Optional<Path> bundledReferenceJar() {
        try {
            Path codeSource = Path.of(EvaluateCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jar = codeSource.getParent().resolve("reference").resolve(REFERENCE_JAR);
            return Files.isRegularFile(jar) ? java.util.Optional.of(jar) : java.util.Optional.empty();
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
