package dev.lacuna.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.SyntheticPiiGenerator;
import dev.lacuna.engine.data.SyntheticSize;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.NativeArrays;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.objective.ObjectiveFailure;
import dev.lacuna.engine.tokenizer.SubwordTokenizer;
import dev.lacuna.engine.toy.AscentObjective;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveInputs;
import dev.lacuna.spi.ObjectiveRequirements;
import dev.lacuna.spi.UnlearningObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Region-confined unlearning and region mixing on a freshly initialised tiny model: what the objective is
 * given, what may change, and how mixing reproduces its endpoints. No trained testbed is needed for these
 * properties; the end-to-end protocol runs in the command line's tests.
 */
class RegionUnlearningTest {

    private static final Corpus CORPUS = SyntheticPiiGenerator.generate(7, SyntheticSize.TINY);
    private static final SubwordTokenizer TOKENIZER = SubwordTokenizer.fit(CORPUS, 400);
    private static final EvaluationData DATA = EvaluationData.of(CORPUS, TOKENIZER, EvaluationData.GENERATED_REFUSALS);
    private static final ModelConfig TINY = ModelConfig.tiny(TOKENIZER.vocabularySize());
    private static final UnlearningSettings FEW_STEPS = new UnlearningSettings(1e-2, 1, 4, 16, 0.01, 3, Map.of());

    private static Transformer original;
    private static Region region;

    @BeforeAll
    static void model() {
        original = Transformer.initialize(TINY, 11);
        region = Region.random(TINY.layers(), TINY.dFf(), 0.10, 5);
    }

    @AfterAll
    static void close() {
        original.close();
    }

    @Test
    void theLastLayersHiddenStatesGiveTheLogitsThroughTheFinalNormAndTheHead() {
        try (NDScope ignored = new NDScope()) {
            TokenBatch batch = TokenBatch.of(DATA.forget().subList(0, 4), DATA.padId(), -1);
            int last = TINY.layers() - 1;
            Transformer.Forward forward = original.forward(batch, Set.of(last));
            NDArray h = forward.hiddenStates().get(last);
            assertThat(h.getShape().getShape()).containsExactly(batch.targets().length, TINY.dModel());
            NDArray eps = NativeArrays.scalar(original.manager(), 1e-6f);
            NDArray normed = h.div(h.mul(h).mean(new int[] {-1}, true).add(eps).sqrt()).mul(original.parameter("final_norm"));
            float[] expected = normed.matMul(original.parameter("embed").transpose()).toFloatArray();
            float[] logits = forward.logits().toFloatArray();
            assertThat(original.logits(batch).toFloatArray()).isEqualTo(logits);
            for (int i = 0; i < logits.length; i++) {
                assertThat(logits[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void unlearningMovesOnlyTheRegionsValueVectorsAndLeavesThetaOIntact() {
        var before = original.weights();
        try (Transformer unlearned = RegionUnlearning.unlearn(original, region, new AscentObjective(), "ascent", DATA, FEW_STEPS, null)) {
            var after = unlearned.weights();
            int d = TINY.dModel();
            boolean regionMoved = false;
            for (var e : before.entrySet()) {
                assertThat(original.weights().get(e.getKey())).as("theta_o " + e.getKey()).isEqualTo(e.getValue());
                float[] a = after.get(e.getKey());
                if (!e.getKey().endsWith(".w_v")) {
                    assertThat(a).as(e.getKey()).isEqualTo(e.getValue());
                    continue;
                }
                int layer = Integer.parseInt(e.getKey().split("\\.")[1]);
                for (int i = 0; i < TINY.dFf(); i++) {
                    for (int j = 0; j < d; j++) {
                        if (!region.contains(layer, i)) {
                            assertThat(a[i * d + j]).isEqualTo(e.getValue()[i * d + j]);
                        } else if (a[i * d + j] != e.getValue()[i * d + j]) {
                            regionMoved = true;
                        }
                    }
                }
            }
            assertThat(regionMoved).isTrue();
        }
    }

    /** Records what it was given, then ascends. */
    static final class Inspecting implements UnlearningObjective {
        final List<Double> referenceGap = new ArrayList<>();
        final List<long[]> hiddenShapes = new ArrayList<>();
        final List<Integer> preferredItems = new ArrayList<>();
        final List<Integer> forgetItems = new ArrayList<>();
        final List<Integer> retainItems = new ArrayList<>();

        @Override
        public ObjectiveRequirements requirements(ModelShape shape) {
            return ObjectiveRequirements.forgetOnly().withReferenceOutputs().withRetainBatch().withPreferredAnswers()
                    .withHiddenLayer(1);
        }

        @Override
        public NDArray loss(ObjectiveInputs inputs) {
            AnswerOutputs forget = inputs.forget();
            referenceGap.add((double) forget.tokenLogProbabilities().sub(forget.referenceTokenLogProbabilities())
                    .abs().max().getFloat());
            hiddenShapes.add(forget.hiddenStates(1).getShape().getShape());
            assertThat(forget.referenceHiddenStates(1).getShape()).isEqualTo(forget.hiddenStates(1).getShape());
            forgetItems.add(forget.items());
            preferredItems.add(inputs.preferred().items());
            retainItems.add(inputs.retain().items());
            return forget.sumPerItem(forget.tokenLogProbabilities()).mean();
        }
    }

    @Test
    void theObjectiveGetsEverythingItDeclaredWithReferenceOutputsFromTheFrozenThetaO() {
        Inspecting objective = new Inspecting();
        RegionUnlearning.unlearn(original, region, objective, "inspecting", DATA, FEW_STEPS, null).close();
        assertThat(objective.referenceGap).hasSize(4);
        // step 0: the model is still theta_o, so its outputs equal the reference outputs
        assertThat(objective.referenceGap.get(0)).isLessThan(1e-5);
        assertThat(objective.referenceGap.get(3)).isGreaterThan(1e-4);
        for (int s = 0; s < 4; s++) {
            assertThat(objective.preferredItems.get(s)).isEqualTo(objective.forgetItems.get(s));
            assertThat(objective.retainItems.get(s)).isPositive();
            assertThat(objective.hiddenShapes.get(s)[1]).isEqualTo(TINY.dModel());
        }
    }

    /** Reads a retain batch it never declared. */
    static final class Undeclared implements UnlearningObjective {
        @Override
        public NDArray loss(ObjectiveInputs inputs) {
            return inputs.retain().tokenLogProbabilities().mean();
        }
    }

    @Test
    void readingAnUndeclaredBatchFailsNamingThePluginTheStepAndTheDeclaration() {
        assertThatThrownBy(() -> RegionUnlearning.unlearn(original, region, new Undeclared(), "undeclared", DATA, FEW_STEPS, null))
                .isInstanceOf(ObjectiveFailure.class)
                .hasMessageContaining("undeclared failed at step 0")
                .hasMessageContaining("withRetainBatch()");
    }

    @Test
    void mixingReproducesThetaOAtZeroThetaUAtOneAndTheMidpointInBetween() {
        try (Transformer unlearned = RegionUnlearning.unlearn(original, region, new AscentObjective(), "ascent", DATA, FEW_STEPS, null);
             Transformer mixed = original.copy()) {
            RegionMixer mixer = new RegionMixer(mixed, original, unlearned, region);
            mixer.mix(1);
            assertThat(mixed.weights()).usingRecursiveComparison().isEqualTo(unlearned.weights());
            mixer.mix(0.5);
            int layer = region.flatIndices()[0] / TINY.dFf();
            int row = region.flatIndices()[0] % TINY.dFf();
            float[] o = original.valueVector(layer, row);
            float[] u = unlearned.valueVector(layer, row);
            float[] m = mixed.valueVector(layer, row);
            for (int j = 0; j < o.length; j++) {
                assertThat(m[j]).isCloseTo(0.5f * o[j] + 0.5f * u[j], org.assertj.core.data.Offset.offset(1e-7f));
            }
            mixer.mix(0);
            assertThat(mixed.weights()).usingRecursiveComparison().isEqualTo(original.weights());
        }
    }
}
