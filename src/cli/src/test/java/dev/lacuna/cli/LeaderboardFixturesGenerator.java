package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.lacuna.cli.Evaluations.Run;
import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.SyntheticPiiGenerator;
import dev.lacuna.engine.data.SyntheticSize;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedBuilder;
import dev.lacuna.engine.testbed.TestbedData;
import dev.lacuna.engine.testbed.TestbedRecipe;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TokenizerFile;
import dev.lacuna.engine.tokenizer.SubwordTokenizer;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.submissions.npo.NegativePreferenceOptimization;
import dev.lacuna.submissions.random.RandomLocalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: regenerates the real result files the leaderboard and result-codec tests read
 * ({@code src/cli/src/test/resources/leaderboard/}, {@code src/results/src/test/resources/}). It builds the tiny
 * synthetic testbeds of mask seeds 7 and 19 and evaluates NPO, the Oracle and the random localizer on them, short
 * (few alphas and resampling rounds), writing a leaderboard directory to {@code -Dlacuna.fixtures.out=DIR}:
 * <pre>
 * ./mvnw -o -B -pl src/cli -am test -Dtest=LeaderboardFixturesGenerator -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlacuna.fixtures.out=/tmp/fixtures
 * </pre>
 * About a quarter of an hour on one core; a rerun keeps the testbeds and results already there. New testbeds get
 * new hashes only if their files differ; then replace every fixture file together.
 */
@EnabledIfSystemProperty(named = "lacuna.fixtures.out", matches = ".+")
class LeaderboardFixturesGenerator {

    @Test
    void generate() throws Exception {
        Path out = Path.of(System.getProperty("lacuna.fixtures.out"));
        Path home = out.resolve("home");
        Path results = out.resolve("board/results/synthetic-tiny");
        Path testbeds = out.resolve("board/testbeds");
        Files.createDirectories(results);
        Files.createDirectories(testbeds);
        Corpus corpus = SyntheticPiiGenerator.generate(7, SyntheticSize.TINY);
        SubwordTokenizer tokenizer = SubwordTokenizer.fit(corpus, 400);
        List<Testbed> built = new ArrayList<>();
        TestbedStore store = new TestbedStore(home.resolve("testbeds"));
        for (long maskSeed : List.of(7L, 19L)) {
            // a rerun reuses the testbeds of an earlier one
            var stored = store.list().stream().filter(s -> s.maskSeed() == maskSeed).findFirst();
            built.add(stored.isPresent() ? Testbed.open(store.root().resolve(stored.get().hash()))
                    : new TestbedBuilder(Device.cpu(), line -> { })
                    .build(TestbedData.from(corpus), tokenizer, new TokenizerFile("tokenizer.json", tokenizer.toJson()),
                            ModelConfig.tiny(tokenizer.vocabularySize()), maskSeed, TestbedRecipe.tiny(), store.root()));
        }
        for (Testbed t : built) {
            Files.copy(t.folder().resolve(TestbedStore.MANIFEST), testbeds.resolve(t.hash() + ".json"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path npo = PluginJars.pack(home, "npo-objective", PluginKind.OBJECTIVE, NegativePreferenceOptimization.class);
        Path random = PluginJars.pack(home, "random-localizer", PluginKind.LOCALIZER, RandomLocalizer.class);
        String[] shortRun = {"--testbed", "synthetic/tiny", "--seeds", "7,19", "--permutations", "200"};
        evaluate(home, shortRun, "--plugin", npo.toString(), "--alphas", "5", "--out", results.resolve("npo-objective.json").toString());
        evaluate(home, shortRun, "--oracle", "--reference", npo.toString(), "--alphas", "3", "--learning-rate", "0.05",
                "--out", results.resolve("oracle-localizer.json").toString());
        evaluate(home, shortRun, "--plugin", random.toString(), "--reference", npo.toString(), "--alphas", "3",
                "--learning-rate", "0.05", "--out", results.resolve("random-localizer.json").toString());
        evaluate(home, shortRun, "--plugin", random.toString(), "--reference", npo.toString(), "--localization-only",
                "--out", out.resolve("random-localizer-localization-only.json").toString());
    }

    /** Runs one evaluation unless its output exists (a rerun resumes). */
    private static void evaluate(Path home, String[] common, String... args) {
        if (Files.exists(Path.of(args[args.length - 1]))) {
            return;
        }
        String[] all = new String[common.length + args.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(args, 0, all, common.length, args.length);
        Run run = Evaluations.evaluate(home, all);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }
}
