package dev.lacuna.results;

import static dev.lacuna.results.ResultFiles.LOCALIZATION_ONLY;
import static dev.lacuna.results.ResultFiles.LOCALIZER;
import static dev.lacuna.results.ResultFiles.OBJECTIVE;
import static dev.lacuna.results.ResultFiles.at;
import static dev.lacuna.results.ResultFiles.edited;
import static dev.lacuna.results.ResultFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link ResultSchema}: the schema docs/result-schema.json, carried in the JAR, on real and broken files. */
class ResultSchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {OBJECTIVE, LOCALIZER, LOCALIZATION_ONLY})
    void aHarnessFileIsValid(String name) {
        assertThat(ResultSchema.violations(text(name))).isEmpty();
    }

    @Test
    void aValueOutOfItsRangeIsAViolationNamingItsPath() {
        assertThat(ResultSchema.violations(edited(OBJECTIVE, t -> at(t, "summary").put("aues_p", 0.0))))
                .anyMatch(m -> m.startsWith("$.summary.aues_p:"));
        assertThat(ResultSchema.violations(edited(OBJECTIVE, t -> t.put("testbed_hash", "not-a-hash"))))
                .anyMatch(m -> m.startsWith("$.testbed_hash:"));
        assertThat(ResultSchema.violations(edited(LOCALIZER, t -> at(t, "per_seed", 0, "oracle", "curve", 1).put("fs", 1.5))))
                .anyMatch(m -> m.startsWith("$.per_seed[0].oracle"));
    }

    @Test
    void aDtypeIsOneOfTheThreeWeightTypes() {
        assertThat(ResultSchema.violations(edited(OBJECTIVE, t -> t.put("dtype", "float16")))).isEmpty();
        assertThat(ResultSchema.violations(edited(LOCALIZER, t -> t.put("dtype", "bfloat16")))).isEmpty();
        assertThat(ResultSchema.violations(edited(OBJECTIVE, t -> t.put("dtype", "fp16")))).anyMatch(m -> m.startsWith("$.dtype:"));
    }

    @Test
    void aLocalizationOnlyResultWithAnAuesIsAViolation() {
        assertThat(ResultSchema.violations(edited(LOCALIZATION_ONLY, t -> at(t, "summary").put("aues_localized", 0.5))))
                .anyMatch(m -> m.contains("aues_localized"));
    }

    @Test
    void textThatIsNoJsonIsOneViolation() {
        assertThat(ResultSchema.violations("{\"kind\": ")).singleElement().asString().startsWith("not a JSON document");
        assertThat(ResultSchema.violations("")).singleElement().asString().startsWith("not a JSON document");
    }

    @Test
    void theBundledSchemaIsDocsResultSchemaJson() throws Exception {
        Path docs = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "../.."), "docs", "result-schema.json");
        if (!Files.isRegularFile(docs)) {
            docs = Path.of("../../docs/result-schema.json");
        }
        assertThat(ResultSchema.text()).isEqualTo(Files.readString(docs));
    }
}
