package dev.lacuna.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveRequirements;
import dev.lacuna.spi.UnlearningObjective;
import org.junit.jupiter.api.Test;

class FakeAnswerOutputsTest {

    private static final float LN3 = (float) Math.log(3);

    @Test
    void tokenLogProbabilitiesAreTheLogSoftmaxAtTheTargetAndSumPerItemGroupsRowsByItem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // item A: p(target) = 0.75 then 0.25; item B: 0.5
            AnswerOutputs forget = FakeAnswerOutputs.builder(manager, 2)
                    .item(new float[][] {{0, LN3}, {0, LN3}}, new int[] {1, 0})
                    .item(new float[][] {{0, 0}}, new int[] {1})
                    .build();

            assertEquals(2, forget.items());
            assertArrayEquals(new int[] {2, 1}, forget.answerLengths());
            assertArrayEquals(new float[] {(float) Math.log(0.75), (float) Math.log(0.25), (float) Math.log(0.5)},
                    forget.tokenLogProbabilities().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {(float) Math.log(0.75 * 0.25), (float) Math.log(0.5)},
                    forget.sumPerItem(forget.tokenLogProbabilities()).toFloatArray(), 1e-6f);
            assertArrayEquals(new long[] {1, 0, 1}, forget.targets().toLongArray());
        }
    }

    @Test
    void whatWasNotGivenFailsNamingHowToGiveItAndHowTheHarnessWouldBeAsked() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AnswerOutputs forget = FakeAnswerOutputs.builder(manager, 2).item(new float[][] {{0, 0}}, new int[] {1})
                    .hiddenStates(1, new float[][] {{1, 2}}).build();
            FakeObjectiveInputs inputs = FakeObjectiveInputs.builder(new ModelShape(2, 2, 4, 2), forget).build();

            assertTrue(assertThrows(IllegalStateException.class, forget::referenceTokenLogProbabilities).getMessage()
                    .contains("withReferenceOutputs"));
            String hidden = assertThrows(IllegalStateException.class, () -> forget.hiddenStates(0)).getMessage();
            assertTrue(hidden.contains("withHiddenLayer") && hidden.contains("given: layers [1]"), hidden);
            assertTrue(assertThrows(IllegalStateException.class, inputs::retain).getMessage().contains("withRetainBatch"));
            assertTrue(assertThrows(IllegalStateException.class, inputs::preferred).getMessage()
                    .contains("withPreferredAnswers"));
            assertThrows(IllegalArgumentException.class,
                    () -> FakeAnswerOutputs.builder(manager, 2).item(new float[][] {{0, 0, 0}}, new int[] {1}));
            assertThrows(IllegalArgumentException.class,
                    () -> FakeAnswerOutputs.builder(manager, 2).item(new float[][] {{0, 0}}, new int[] {2}));
        }
    }

    @Test
    void constantsOptionsAndGradientsBehaveAsInAnEvaluation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FakeAnswerOutputs forget = FakeAnswerOutputs.builder(manager, 2)
                    .item(new float[][] {{0, 0}, {0, 0}}, new int[] {1, 0})
                    .requiresGradient()
                    .build();
            FakeObjectiveInputs inputs = FakeObjectiveInputs.builder(new ModelShape(2, 2, 4, 2), forget)
                    .seed(11).step(3).option("beta", "0.25").build();

            assertEquals(0.25, Double.parseDouble(inputs.option("beta", "0.5")));
            assertEquals("x", inputs.option("other", "x"));
            assertEquals(java.util.Set.of("beta", "other"), inputs.requestedOptions());
            assertEquals(11, inputs.seed());
            assertEquals(3, inputs.step());
            assertEquals(0.5f, inputs.constant(0.5).getFloat(), 0f);
            assertArrayEquals(new float[] {1, 2}, inputs.constants(new float[] {1, 2}).toFloatArray(), 0f);

            // d mean(log p(target)) / d logit: (1 - p) / N at the target, -p / N elsewhere (p = 0.5, N = 2)
            NDArray gradient;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(forget.tokenLogProbabilities().mean());
                gradient = forget.logits().getGradient();
            }
            assertArrayEquals(new float[] {-0.25f, 0.25f, 0.25f, -0.25f}, gradient.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void seededInputsHaveEveryBatchTheRequirementsAskForAndOnlyThose() {
        ModelShape shape = new ModelShape(3, 4, 8, 16);
        UnlearningObjective everything = new UnlearningObjective() {
            @Override
            public NDArray loss(dev.lacuna.spi.ObjectiveInputs inputs) {
                AnswerOutputs forget = inputs.forget();
                return forget.tokenLogProbabilities().sub(forget.referenceTokenLogProbabilities()).mean()
                        .add(inputs.retain().tokenLogProbabilities().mean())
                        .add(inputs.preferred().tokenLogProbabilities().mean())
                        .add(forget.hiddenStates(2).square().mean());
            }

            @Override
            public ObjectiveRequirements requirements(ModelShape s) {
                return ObjectiveRequirements.forgetOnly().withRetainBatch().withReferenceOutputs().withPreferredAnswers()
                        .withHiddenLayer(2);
            }
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            FakeObjectiveInputs inputs = FakeObjectiveInputs.seededFor(everything, manager, shape, 5);
            double first = PluginChecks.loss(everything, inputs);
            double again = PluginChecks.loss(everything, FakeObjectiveInputs.seededFor(everything, manager, shape, 5));

            assertEquals(first, again, 0.0);
            assertEquals(3, inputs.preferred().items());
            FakeObjectiveInputs forgetOnly = FakeObjectiveInputs.seededFor(inputs1 -> inputs1.forget().logits().sum(),
                    manager, shape, 5);
            assertThrows(IllegalStateException.class, forgetOnly::retain);
        }
    }

    @Test
    void aLossThatIsNotAFiniteScalarFailsTheCheck() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelShape shape = new ModelShape(2, 2, 4, 3);
            FakeObjectiveInputs inputs = FakeObjectiveInputs.builder(shape, FakeAnswerOutputs.seeded(manager, shape, 2, 2, 1))
                    .build();

            AssertionError vector = assertThrows(AssertionError.class,
                    () -> PluginChecks.loss(in -> in.forget().tokenLogProbabilities(), inputs));
            assertTrue(vector.getMessage().contains("must be a scalar"), vector.getMessage());
            AssertionError nan = assertThrows(AssertionError.class,
                    () -> PluginChecks.loss(in -> in.constant(Double.NaN), inputs));
            assertTrue(nan.getMessage().contains("not finite"), nan.getMessage());
        }
    }
}
