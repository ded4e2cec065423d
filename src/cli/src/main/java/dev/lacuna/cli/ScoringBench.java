package dev.lacuna.cli;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.protocol.ScoringBenchmark;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.StoredTestbeds;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.engine.training.ThroughputBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna bench score} and {@code bench generate}: one mixing point's scoring passes on a stored testbed's theta_o,
 * each against libtorch's matrix-multiply rate on this machine, so speed work on the evaluation is measured against
 * the machine's own limit rather than in seconds that depend on the host.
 */
final class ScoringBench {

    private ScoringBench() {
    }

    /** The testbed a scoring benchmark runs on, loaded for {@link #measure} and closed after it. */
    abstract static class Target implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--testbed", defaultValue = "synthetic/tiny", paramLabel = "ID_OR_DATA/MODEL",
                description = "A stored testbed (default synthetic/tiny).")
        String testbed;

        @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Mask seed, for DATA/MODEL (default 7).")
        long seed;

        @Option(names = "--home", paramLabel = "DIR", description = "State folder holding testbeds/ (default: $LACUNA_HOME or ~/.lacuna).")
        Path home;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory for TOFU/LUME testbeds (default: $LACUNA_DATA_DIR).")
        Path dataDir;

        abstract void measure(SeedTestbed seed);

        @Override
        public void run() {
            SeedTestbed seed = load();
            try {
                header(seed);
                measure(seed);
                out().flush();
            } finally {
                seed.thetaO().close();
                seed.thetaR().close();
            }
        }

        private SeedTestbed load() {
            TestbedStore store = new TestbedStore(TestbedCommand.LacunaHome.resolve(home).resolve("testbeds"));
            List<TestbedSummary> found = StoredTestbeds.resolve(store, testbed, testbed.contains("/") ? List.of(seed) : List.of());
            return StoredTestbeds.load(found.get(0), store, new DataCatalog(DataCommand.DataDirectory.resolve(dataDir)),
                    StoredTestbeds.DEFAULT_SYNTHETIC_SEED);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void header(SeedTestbed seed) {
            var c = seed.thetaO().config();
            out().printf(Locale.ROOT, "testbed %s (mask seed %d): model %s, L=%d d=%d d_ff=%d vocab %d; threads %s%n", seed.hash(),
                    seed.maskSeed(), c.name(), c.layers(), c.dModel(), c.dFf(), c.vocab(),
                    System.getProperty("ai.djl.pytorch.num_threads", "default"));
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true, description = {
        "Time the ES pass (forget + retain) and the likelihood pass (the answer variants the ES pass does not score) of one mixing point on a stored "
                + "testbed's theta_o, as the protocol batches them; print sequences/s, achieved GFLOP/s (forward FLOPs of "
                + "the padded batches), libtorch's matMul GFLOP/s at the same rows, and their ratio.",
        "Threads: JAVA_OPTS=\"-Dai.djl.pytorch.num_threads=N -Dai.djl.pytorch.num_interop_threads=1\"."})
    static final class Score extends Target {

        @Override
        void measure(SeedTestbed seed) {
            print(ScoringBenchmark.extractionStrength(seed.thetaO(), seed.data()), seed);
            if (seed.data().hasUtilityAndForgetQuality()) {
                ScoringBenchmark.Pass whole = ScoringBenchmark.likelihoodOfWholeSequences(seed.thetaO(), seed.data());
                print(whole, seed);
                ScoringBenchmark.Pass shared = ScoringBenchmark.likelihood(seed.thetaO(), seed.data());
                print(shared, seed);
                out().printf(Locale.ROOT, "likelihood pass: as the protocol runs it (each prompt and answer stem once, "
                        + "the forget and retain originals from the ES pass) it takes %.2fx the time of whole sequences%n",
                        shared.seconds() / whole.seconds());
            } else {
                out().println("likelihood pass: none (the testbed's data has no answer variants)");
            }
        }

        private void print(ScoringBenchmark.Pass pass, SeedTestbed seed) {
            double reference = ThroughputBenchmark.matMulFlopsPerSecond(seed.thetaO().config(), pass.rowsPerBatch());
            out().printf(Locale.ROOT, "%s pass: %d sequences in %d batches, %,d positions (%,d scored) in %.2f s: %.0f sequences/s, "
                            + "%.2f GFLOP/s; matMul at %d rows %.2f GFLOP/s; ratio %.2f%n", pass.name(), pass.sequences(),
                    pass.batches(), pass.paddedTokens(), pass.scoredTokens(), pass.seconds(), pass.sequences() / pass.seconds(),
                    pass.flopsPerSecond() / 1e9, pass.rowsPerBatch(), reference / 1e9, pass.flopsPerSecond() / reference);
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true, description = {
        "Time one mixing point of a sweep on a stored testbed, stage by stage, as the protocol computes it: writing the "
                + "region's rows, the ES pass, the likelihood pass, greedy generation and the rest; the passes against "
                + "libtorch's matMul rate at their rows, and the point's teacher-forced FLOPs over its whole time. The point "
                + "moves theta_o toward theta_r by ALPHA in V_tgt (they differ nowhere else), so no plugin is needed.",
        "Threads: JAVA_OPTS=\"-Dai.djl.pytorch.num_threads=N -Dai.djl.pytorch.num_interop_threads=1\"."})
    static final class Sweep extends Target {

        @Option(names = "--alpha", defaultValue = "0.5", paramLabel = "A", description = "Mixing coefficient, 0 to 1 (default 0.5).")
        double alpha;

        @Override
        void measure(SeedTestbed seed) {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--alpha must be within 0 and 1, got " + alpha);
            }
            if (!seed.data().hasUtilityAndForgetQuality()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "testbed " + seed.hash() + " has no utility sets, "
                        + "so its mixing points are the ES pass alone: 'bench score' times it");
            }
            ScoringBenchmark.Point p = ScoringBenchmark.mixingPoint(seed, alpha);
            var c = seed.thetaO().config();
            double total = p.seconds();
            var scores = p.scores();
            out().printf(Locale.ROOT, "mixing point alpha %.2f: theta_o toward theta_r in V_tgt (%d value vectors): FS %.4f, RS %.4f, "
                    + "MU %.4f%n", alpha, p.regionSize(), scores.fs(), scores.rs(), scores.modelUtility());
            out().printf(Locale.ROOT, "%-16s %9s %7s %9s %15s %6s%n", "stage", "seconds", "share", "GFLOP/s", "matMul GFLOP/s", "ratio");
            out().printf(Locale.ROOT, "%-16s %9.2f %6.1f%%%n", "mixing", p.mixingSeconds(), 100 * p.mixingSeconds() / total);
            double flops = 0;
            for (ScoringBenchmark.Pass pass : List.of(p.es(), p.likelihood())) {
                double reference = ThroughputBenchmark.matMulFlopsPerSecond(c, pass.rowsPerBatch());
                out().printf(Locale.ROOT, "%-16s %9.2f %6.1f%% %9.2f %15.2f %6.2f%n", pass.name() + " pass", pass.seconds(),
                        100 * pass.seconds() / total, pass.flopsPerSecond() / 1e9, reference / 1e9, pass.flopsPerSecond() / reference);
                flops += pass.flops();
            }
            out().printf(Locale.ROOT, "%-16s %9.2f %6.1f%%%n", "generation", scores.seconds().generation(),
                    100 * scores.seconds().generation() / total);
            out().printf(Locale.ROOT, "%-16s %9.2f %6.1f%%%n", "other", p.otherSeconds(), 100 * p.otherSeconds() / total);
            int rows = (int) ((p.es().paddedTokens() + p.likelihood().paddedTokens()) / (p.es().batches() + p.likelihood().batches()));
            double reference = ThroughputBenchmark.matMulFlopsPerSecond(c, rows);
            out().printf(Locale.ROOT, "%-16s %9.2f %6.1f%% %9.2f %15.2f %6.2f%n", "point", total, 100.0, flops / total / 1e9,
                    reference / 1e9, flops / total / reference);
            out().printf(Locale.ROOT, "point: the passes' %.2f TFLOP over the whole point's time, at %.2f of the matMul rate; at "
                    + "that rate the passes alone would take %.1f s, with this generation %.1f s%n", flops / 1e12, flops / total / reference,
                    flops / reference, flops / reference + scores.seconds().generation());
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = {
        "Time greedy generation over the utility sets' prompts of a stored testbed's theta_o as the protocol runs it "
                + "(batched, key/value cache), then the first prompts one full pass per token without the cache; print "
                + "tokens/s of both.",
        "Threads: JAVA_OPTS=\"-Dai.djl.pytorch.num_threads=N -Dai.djl.pytorch.num_interop_threads=1\"."})
    static final class Generate extends Target {

        @Override
        void measure(SeedTestbed seed) {
            if (!seed.data().hasUtilityAndForgetQuality()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "testbed " + seed.hash() + " has no utility sets, "
                        + "so an evaluation generates nothing on it: pick a TOFU or synthetic testbed with utility data");
            }
            ScoringBenchmark.Generation g = ScoringBenchmark.generation(seed.thetaO(), seed.data(), seed.tokenizer().eosId());
            out().printf(Locale.ROOT, "cached: %d sequences, %,d tokens in %.2f s: %.0f tokens/s%n", g.sequences(), g.tokens(),
                    g.seconds(), g.tokensPerSecond());
            out().printf(Locale.ROOT, "uncached: the first %d sequences, %,d tokens in %.2f s: %.0f tokens/s; cache speed-up %.1fx%n",
                    g.uncachedSequences(), g.uncachedTokens(), g.uncachedSeconds(), g.uncachedTokensPerSecond(),
                    g.tokensPerSecond() / g.uncachedTokensPerSecond());
        }
    }
}
