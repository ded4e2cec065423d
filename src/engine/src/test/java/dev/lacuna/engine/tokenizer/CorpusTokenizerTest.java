package dev.lacuna.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.QaItem;
import dev.lacuna.engine.data.SharedData;
import dev.lacuna.engine.data.SyntheticPiiGenerator;
import dev.lacuna.engine.data.SyntheticSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTokenizerTest {

    private static SubwordTokenizer tofuTokenizer;
    private static double tofuFitSeconds;

    private static synchronized SubwordTokenizer tofuTokenizer(Corpus tofu) {
        if (tofuTokenizer == null) {
            long start = System.nanoTime();
            tofuTokenizer = SubwordTokenizer.fit(tofu, SubwordTokenizer.DEFAULT_VOCABULARY_SIZE);
            tofuFitSeconds = (System.nanoTime() - start) / 1e9;
        }
        return tofuTokenizer;
    }

    @Test
    void tofuForgetTokensAllOccurInThetaRTrainingDataAndFittingTakesSeconds() {
        Corpus tofu = SharedData.tofu();

        SubwordTokenizer tokenizer = tofuTokenizer(tofu);
        double seconds = tofuFitSeconds;
        System.out.printf("tofu tokenizer: %d tokens, fitted and checked in %.2f s, %.2f tokens per forget answer%n",
                tokenizer.vocabularySize(), seconds, tokensPerAnswer(tokenizer, tofu.forget()));

        assertThat(TokenCoverage.uncoveredForgetTokens(tokenizer, tofu)).isEmpty();
        assertThat(TokenCoverage.uncoveredForgetAnswerTokens(tokenizer, tofu)).isEmpty();
        assertThat(tokenizer.vocabularySize()).isBetween(2500, SubwordTokenizer.DEFAULT_VOCABULARY_SIZE);
        assertThat(seconds).isLessThan(10);
    }

    @Test
    void lumeTask2ForgetTokensAllOccurInThetaRTrainingData() {
        Corpus lume = SharedData.lume();

        SubwordTokenizer tokenizer = SubwordTokenizer.fit(lume, 2000);

        assertThat(TokenCoverage.uncoveredForgetTokens(tokenizer, lume)).isEmpty();
        assertThat(TokenCoverage.uncoveredForgetAnswerTokens(tokenizer, lume)).isEmpty();
    }

    @Test
    void syntheticForgetTokensAllOccurInThetaRTrainingData() {
        for (SyntheticSize size : List.of(SyntheticSize.TINY, SyntheticSize.SMALL)) {
            Corpus synthetic = SyntheticPiiGenerator.generate(7, size);

            SubwordTokenizer tokenizer = SubwordTokenizer.fit(synthetic, 1000);

            assertThat(TokenCoverage.uncoveredForgetTokens(tokenizer, synthetic)).isEmpty();
            assertThat(TokenCoverage.uncoveredForgetAnswerTokens(tokenizer, synthetic)).isEmpty();
            for (String text : allTexts(synthetic)) {
                assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
            }
            System.out.printf("synthetic %s: %d training items, %d tokens, %.2f tokens per forget answer%n",
                    size.name(), synthetic.thetaRTrainingItems().size(), tokenizer.vocabularySize(),
                    tokensPerAnswer(tokenizer, synthetic.forget()));
        }
    }

    @Test
    void aTokenizerFittedOnTheForgetSetFailsTheCoverageCheck() {
        Corpus tofu = SharedData.tofu();

        SubwordTokenizer leaky = SubwordTokenizer.fit(tofu.forget(), 2000);

        assertThat(TokenCoverage.uncoveredForgetTokens(leaky, tofu)).isNotEmpty();
    }

    @Test
    void encodingAndDecodingAreInverseOnEveryTofuTextAndSurviveSaving(@TempDir Path dir) throws IOException {
        Corpus tofu = SharedData.tofu();
        SubwordTokenizer tokenizer = tofuTokenizer(tofu);
        Path file = dir.resolve("tokenizer.json");
        tokenizer.write(file);
        SubwordTokenizer loaded = SubwordTokenizer.read(file);

        for (String text : allTexts(tofu)) {
            int[] ids = tokenizer.encode(text);
            assertThat(tokenizer.decode(ids)).isEqualTo(text);
            assertThat(tokenizer.encode(tokenizer.decode(ids))).isEqualTo(ids);
            assertThat(loaded.encode(text)).isEqualTo(ids);
        }
        assertThat(loaded.toJson()).isEqualTo(tokenizer.toJson());
    }

    static List<String> allTexts(Corpus corpus) {
        List<QaItem> items = new ArrayList<>(corpus.forget());
        items.addAll(corpus.retain());
        items.addAll(corpus.forgetEval());
        corpus.utility().values().forEach(items::addAll);
        return items.stream().flatMap(item -> Stream.concat(
                        Stream.of(item.prompt(), item.answer(), item.paraphrasedAnswer()),
                        item.perturbedAnswers().stream()))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private static double tokensPerAnswer(Tokenizer tokenizer, List<QaItem> items) {
        return items.stream().mapToInt(item -> tokenizer.encode(item.answer()).length).average().orElse(0);
    }
}
