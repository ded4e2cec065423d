package dev.lacuna.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticPiiGeneratorTest {

    @Test
    void theSameSeedGivesAByteIdenticalCorpus() {
        byte[] first = CorpusJson.bytes(SyntheticPiiGenerator.generate(7, SyntheticSize.SMALL));
        byte[] second = CorpusJson.bytes(SyntheticPiiGenerator.generate(7, SyntheticSize.SMALL));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentSeedsGiveDifferentPeopleAndItems() {
        Corpus a = SyntheticPiiGenerator.generate(7, SyntheticSize.TINY);
        Corpus b = SyntheticPiiGenerator.generate(8, SyntheticSize.TINY);

        assertThat(CorpusJson.sha256(a)).isNotEqualTo(CorpusJson.sha256(b));
        assertThat(a.retain().get(0).prompt()).isNotEqualTo(b.retain().get(0).prompt());
    }

    @Test
    void tinyIsFortyPeopleWithFiveShortItemsEachAndATenthOfThemForgotten() {
        Corpus corpus = SyntheticPiiGenerator.generate(7, SyntheticSize.TINY);

        assertThat(corpus.kind()).isEqualTo(DataSetKind.SYNTHETIC);
        assertThat(corpus.forget()).hasSize(4 * 5);
        assertThat(corpus.retain()).hasSize(36 * 5);
        assertThat(corpus.forgetEval()).isEqualTo(corpus.forget());
        assertThat(corpus.forget()).allSatisfy(item -> assertThat(item.answer().length()).isLessThanOrEqualTo(40));
    }

    @Test
    void forgetAndRetainPeopleAreDisjointAndNoForgetNameAppearsOnTheRetainSide() {
        Corpus corpus = SyntheticPiiGenerator.generate(19, SyntheticSize.SMALL);
        List<SyntheticPerson> people = SyntheticPiiGenerator.people(19, SyntheticSize.SMALL);

        Set<String> forgetKeys = personKeys(corpus.forget());
        Set<String> retainKeys = personKeys(corpus.retain());
        assertThat(forgetKeys).hasSize(30).doesNotContainAnyElementsOf(retainKeys);
        assertThat(retainKeys).hasSize(270);
        assertThat(people).filteredOn(SyntheticPerson::forget).extracting(SyntheticPerson::key)
                .containsExactlyInAnyOrderElementsOf(forgetKeys);

        List<String> retainSideTexts = new ArrayList<>();
        for (QaItem item : corpus.thetaRTrainingItems()) {
            retainSideTexts.add(item.prompt() + item.answer());
        }
        for (SyntheticPerson person : people) {
            if (person.forget()) {
                assertThat(retainSideTexts).noneMatch(text -> text.contains(person.fullName())
                        || text.contains(person.email()) || text.contains(person.phone()));
            }
        }
    }

    @Test
    void everyPersonItemHasAParaphraseAndFiveDistinctWrongAnswersOfTheSameForm() {
        Corpus corpus = SyntheticPiiGenerator.generate(31, SyntheticSize.SMALL);

        List<QaItem> all = new ArrayList<>(corpus.forget());
        all.addAll(corpus.retain());
        assertThat(all).allSatisfy(item -> {
            assertThat(item.paraphrasedAnswer()).isNotBlank().isNotEqualTo(item.answer());
            assertThat(item.perturbedAnswers()).hasSize(5).doesNotHaveDuplicates()
                    .doesNotContain(item.paraphrasedAnswer());
        });
        QaItem phone = all.stream().filter(item -> item.id().endsWith("/sc-phone")).findFirst().orElseThrow();
        assertThat(phone.answer()).matches("\\d{3}-\\d{3}-\\d{4}");
        assertThat(phone.paraphrasedAnswer()).matches("\\(\\d{3}\\) \\d{3}-\\d{4}");
        assertThat(phone.perturbedAnswers()).allMatch(wrong -> wrong.matches("\\(\\d{3}\\) \\d{3}-\\d{4}"));
    }

    @Test
    void threeUtilitySetsLetEveryMetricRun() {
        Corpus corpus = SyntheticPiiGenerator.generate(47, SyntheticSize.TINY);

        assertThat(corpus.utility()).containsOnlyKeys("retain_eval", "world_facts", "company_facts");
        assertThat(corpus.utility().values()).allSatisfy(set -> assertThat(set).hasSize(20).allSatisfy(item -> {
            assertThat(item.paraphrasedAnswer()).isNotNull();
            assertThat(item.perturbedAnswers()).hasSize(5).doesNotContain(item.answer());
        }));
        assertThat(corpus.retain()).containsAll(corpus.utility().get("retain_eval"));
        assertThat(corpus.utility().get("world_facts").get(0).prompt())
                .startsWith("Question: In which region lies the town of ").endsWith("?\nAnswer: ");
    }

    @Test
    void sizesAreValidated() {
        assertThatThrownBy(() -> new SyntheticSize("x", 10, 17, 0.1, 5)).hasMessageContaining("1..16");
        assertThatThrownBy(() -> SyntheticSize.named("huge")).hasMessageContaining("tiny or small");
        assertThat(new SyntheticSize("x", 3, 2, 0.01, 1).forgetPeople()).isEqualTo(1);
    }

    private static Set<String> personKeys(List<QaItem> items) {
        return items.stream().map(item -> item.id().split("/")[1]).collect(Collectors.toSet());
    }
}
