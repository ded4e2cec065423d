package dev.lacuna.cli;

import ai.djl.Device;
import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.SyntheticPiiGenerator;
import dev.lacuna.engine.data.SyntheticSize;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedBuilder;
import dev.lacuna.engine.testbed.TestbedData;
import dev.lacuna.engine.testbed.TestbedRecipe;
import dev.lacuna.engine.testbed.TokenizerFile;
import dev.lacuna.engine.tokenizer.SubwordTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One state folder with the tiny synthetic testbed of mask seed 7, built once per test JVM and shared by
 * the evaluation tests (a build takes about a minute); removed when the JVM exits.
 */
final class TinyTestbedHome {

    private static Path home;
    private static Testbed testbed;

    private TinyTestbedHome() {
    }

    static synchronized Path home() {
        if (home == null) {
            try {
                home = Files.createTempDirectory("lacuna-evaluate-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(home)));
            testbed = build(home.resolve("testbeds"), line -> { });
        }
        return home;
    }

    /** Builds (or finds, or repairs) the tiny synthetic testbed of mask seed 7 in this store folder. */
    static Testbed build(Path storeRoot, java.util.function.Consumer<String> progress) {
        Corpus corpus = SyntheticPiiGenerator.generate(7, SyntheticSize.TINY);
        SubwordTokenizer tokenizer = SubwordTokenizer.fit(corpus, 400);
        return new TestbedBuilder(Device.cpu(), progress)
                .build(TestbedData.from(corpus), tokenizer, new TokenizerFile("tokenizer.json", tokenizer.toJson()),
                        ModelConfig.tiny(tokenizer.vocabularySize()), 7, TestbedRecipe.tiny(), storeRoot);
    }

    static synchronized Testbed testbed() {
        home();
        return testbed;
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the operating system cleans it eventually
        }
    }
}
