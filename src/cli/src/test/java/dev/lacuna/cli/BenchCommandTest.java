package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void benchTrainPrintsThroughputFlopsAndTheMatMulRatio() {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("bench", "train", "--model", "tiny", "--steps", "3", "--batch", "4",
                "--vocab", "512");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("tokens/s").contains("GFLOP/s achieved").contains("libtorch matMul").contains("ratio: ");
    }

    @Test
    void benchScoreTimesTheProtocolsOwnBatchesOfBothPassesAgainstTheMatMulRate() throws Exception {
        java.nio.file.Path home = TinyTestbedHome.home();
        var seed = seedSeven(home);
        var data = seed.data();
        seed.thetaO().close();
        seed.thetaR().close();
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("bench", "score", "--home", home.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        int es = data.forget().size() + data.retain().size();
        long esAnswers = java.util.stream.Stream.concat(data.forget().stream(), data.retain().stream())
                .mapToLong(i -> i.answer().length).sum();
        // forget and retain in slices of 32, scored at every answer token (EOS is not scored)
        assertThat(run.out()).contains(String.format(java.util.Locale.ROOT, "ES pass: %d sequences in %d batches", es, (es + 31) / 32))
                .contains(String.format(java.util.Locale.ROOT, "(%,d scored)", esAnswers));
        java.util.regex.Matcher ratio = java.util.regex.Pattern.compile("likelihood pass: .* ratio (\\d+\\.\\d+)").matcher(run.out());
        assertThat(ratio.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(ratio.group(1))).isPositive();
        // the shared-prompt pass computes fewer positions than whole sequences and says how long it took by comparison
        java.util.regex.Matcher whole = java.util.regex.Pattern.compile(
                "likelihood, whole sequences pass: (\\d+) sequences in \\d+ batches, ([0-9,]+) positions").matcher(run.out());
        java.util.regex.Matcher shared = java.util.regex.Pattern.compile(
                "likelihood pass: (\\d+) sequences in \\d+ batches, ([0-9,]+) positions").matcher(run.out());
        assertThat(whole.find() && shared.find()).as(run.out()).isTrue();
        // the protocol's pass leaves out the originals the ES pass scored: every forget original, here
        int variants = dev.lacuna.engine.protocol.ScoringBenchmark.variants(data).size();
        int protocol = dev.lacuna.engine.protocol.ScoringBenchmark.likelihoodVariants(data).size();
        assertThat(whole.group(1)).isEqualTo(Integer.toString(variants));
        assertThat(shared.group(1)).isEqualTo(Integer.toString(protocol));
        assertThat(variants - protocol).isGreaterThanOrEqualTo(data.forgetEval().size());
        assertThat(Long.parseLong(shared.group(2).replace(",", ""))).isLessThan(Long.parseLong(whole.group(2).replace(",", "")));
        assertThat(run.out()).containsPattern("as the protocol runs it .* takes [0-9.]+x the time of whole sequences");
    }

    /**
     * One mixing point stage by stage: the scores are those of the protocol's own scoring of theta_o mixed toward
     * theta_r in V_tgt, the stages add up to the point, and both passes and the point get a ratio to matMul.
     */
    @Test
    void benchSweepTimesOneMixingPointStageByStageWithTheProtocolsScores() throws Exception {
        java.nio.file.Path home = TinyTestbedHome.home();
        var seed = seedSeven(home);
        dev.lacuna.engine.protocol.ModelScores expected;
        try (var mixed = seed.thetaO().copy()) {
            new dev.lacuna.engine.protocol.RegionMixer(mixed, seed.thetaO(), seed.thetaR(), seed.target()).mix(0.25);
            expected = dev.lacuna.engine.protocol.ModelScores.of(mixed, seed.data(), seed.tokenizer(), true);
        } finally {
            seed.thetaO().close();
            seed.thetaR().close();
        }
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("bench", "sweep", "--alpha", "0.25", "--home", home.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(String.format(java.util.Locale.ROOT,
                "mixing point alpha 0.25: theta_o toward theta_r in V_tgt (%d value vectors): FS %.4f, RS %.4f, MU %.4f",
                seed.target().size(), expected.fs(), expected.rs(), expected.modelUtility()));
        double stages = 0;
        for (String stage : java.util.List.of("mixing", "ES pass", "likelihood pass", "generation", "other")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + stage + " +(-?[0-9.]+) ").matcher(run.out());
            assertThat(m.find()).as(stage + " in " + run.out()).isTrue();
            stages += Double.parseDouble(m.group(1));
        }
        java.util.regex.Matcher point = java.util.regex.Pattern.compile(
                "(?m)^point +([0-9.]+) +100\\.0% +[0-9.]+ +[0-9.]+ +([0-9.]+)$").matcher(run.out());
        assertThat(point.find()).as(run.out()).isTrue();
        // five stages printed to two decimals each
        assertThat(stages).isCloseTo(Double.parseDouble(point.group(1)), org.assertj.core.api.Assertions.within(0.03));
        assertThat(Double.parseDouble(point.group(2))).isPositive();
        assertThat(run.out()).containsPattern("(?m)^ES pass .* [0-9]+\\.[0-9]{2}$").containsPattern("(?m)^likelihood pass .* [0-9]+\\.[0-9]{2}$");

        TestbedCommandTest.Run outside = TestbedCommandTest.lacuna("bench", "sweep", "--alpha", "1.5", "--home", home.toString());
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err()).contains("--alpha must be within 0 and 1, got 1.5");
    }

    /** The tiny home's mask-seed-7 testbed, loaded as the commands load it; the caller closes its models. */
    private static dev.lacuna.engine.protocol.SeedTestbed seedSeven(java.nio.file.Path home) {
        var store = new dev.lacuna.engine.testbed.TestbedStore(home.resolve("testbeds"));
        return dev.lacuna.engine.protocol.StoredTestbeds.load(
                dev.lacuna.engine.protocol.StoredTestbeds.resolve(store, "synthetic/tiny", java.util.List.of(7L)).get(0), store,
                new dev.lacuna.engine.data.DataCatalog(java.util.Optional.empty()),
                dev.lacuna.engine.protocol.StoredTestbeds.DEFAULT_SYNTHETIC_SEED);
    }

    @Test
    void benchGeneratePrintsCachedAndUncachedTokenRates() throws Exception {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("bench", "generate", "--home", TinyTestbedHome.home().toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("cached: \\d+ sequences, [0-9,]+ tokens in [0-9.]+ s: \\d+ tokens/s")
                .containsPattern("uncached: the first 16 sequences, .* cache speed-up [0-9.]+x");
    }

    @Test
    void anUnknownModelIsAUsageError() {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("bench", "train", "--model", "huge");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown model 'huge'");
    }
}
