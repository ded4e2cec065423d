package dev.lacuna.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.GradientLoss;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ValueVectorGradients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeModelTest {

    private static final ModelShape SHAPE = new ModelShape(2, 2, 3, 5);

    @Test
    void itShowsWhatTheTestGaveAndRecordsWhatThePluginAskedFor() {
        FakeModel model = FakeModel.builder(SHAPE)
                .valueVectors(1, new float[] {1, 0, 0, 2, 6, 8})
                .activations(DataSplit.FORGET, 0, 0, 1, new float[] {1, 2, 3})
                .activations(DataSplit.FORGET, 1, 1, 2, new float[] {1, 2, 3, 4, 5, 6})
                .gradients(DataSplit.RETAIN, new float[12])
                .randomLabelGradients(DataSplit.FORGET, seed -> new ValueVectorGradients(new float[12], new float[12], (int) seed))
                .build();

        assertArrayEquals(new float[] {1, 0, 0, 2, 6, 8}, model.valueVectors(1));
        List<String> visits = new ArrayList<>();
        model.visitActivations(DataSplit.FORGET, (item, layer, positions, c) -> visits.add(item + "/" + layer + "/" + c.length));
        assertEquals(List.of("0/0/3", "1/1/6"), visits);
        assertEquals(12, model.gradients(DataSplit.RETAIN, GradientLoss.meanAnswerNll()).mean().length);
        assertEquals(4, model.randomLabelGradients(DataSplit.FORGET, 4, GradientLoss.meanAnswerNll()).batches());
        assertEquals(List.of(new FakeModel.Call("valueVectors", null, 1, null),
                new FakeModel.Call("visitActivations", DataSplit.FORGET, -1, null),
                new FakeModel.Call("gradients", DataSplit.RETAIN, -1, null),
                new FakeModel.Call("randomLabelGradients", DataSplit.FORGET, -1, 4L)), model.calls());
    }

    @Test
    void whatWasNotGivenFailsSayingHowToGiveIt() {
        FakeModel model = FakeModel.builder(SHAPE).build();

        String message = assertThrows(UnsupportedOperationException.class, () -> model.valueVectors(0)).getMessage();
        assertTrue(message.contains(".valueVectors(0, rows)"), message);
        assertThrows(UnsupportedOperationException.class, () -> model.visitActivations(DataSplit.RETAIN, (i, l, p, c) -> { }));
        assertThrows(UnsupportedOperationException.class, () -> model.gradients(DataSplit.FORGET, GradientLoss.meanAnswerNll()));
        assertThrows(IndexOutOfBoundsException.class, () -> model.valueVectors(2));
        assertThrows(IllegalArgumentException.class, () -> FakeModel.builder(SHAPE).valueVectors(0, new float[5]));
        assertThrows(IllegalArgumentException.class,
                () -> FakeModel.builder(SHAPE).activations(DataSplit.FORGET, 0, 0, 2, new float[3]));
    }

    @Test
    void aSeededModelIsTheSameForTheSameSeedAndHasEveryPart() {
        FakeModel one = FakeModel.seeded(SHAPE, 3);
        FakeModel same = FakeModel.seeded(SHAPE, 3);
        FakeModel other = FakeModel.seeded(SHAPE, 4);

        assertArrayEquals(one.valueVectors(0), same.valueVectors(0));
        assertNotEquals(java.util.Arrays.toString(one.valueVectors(0)), java.util.Arrays.toString(other.valueVectors(0)));
        assertArrayEquals(one.randomLabelGradients(DataSplit.RETAIN, 9, GradientLoss.meanAnswerNll()).mean(),
                same.randomLabelGradients(DataSplit.RETAIN, 9, GradientLoss.meanAnswerNll()).mean());
        assertNotEquals(java.util.Arrays.toString(one.randomLabelGradients(DataSplit.RETAIN, 9, GradientLoss.meanAnswerNll()).mean()),
                java.util.Arrays.toString(one.randomLabelGradients(DataSplit.RETAIN, 10, GradientLoss.meanAnswerNll()).mean()));
        int[] visits = new int[1];
        one.visitActivations(DataSplit.RETAIN, (item, layer, positions, c) -> visits[0]++);
        assertEquals(3 * SHAPE.layers(), visits[0]);
        assertEquals(SHAPE.valueVectors() * SHAPE.dModel(), one.gradients(DataSplit.FORGET, GradientLoss.meanAnswerNll()).mean().length);
    }

    @Test
    void lossesPassedToTheModelAreCheckedOnRealArraysWhenAManagerIsGiven() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FakeModel model = FakeModel.builder(SHAPE).gradients(DataSplit.FORGET, new float[12]).checkLossesOn(manager).build();

            model.gradients(DataSplit.FORGET, GradientLoss.meanAnswerNll());
            AssertionError error = assertThrows(AssertionError.class,
                    () -> model.gradients(DataSplit.FORGET, (outputs, constants) -> outputs.tokenLogProbabilities()));
            assertTrue(error.getMessage().contains("must be a scalar"), error.getMessage());
        }
    }

    @Test
    void theContextCarriesTheHarnessDefaultsAndTheOptionsGiven() {
        FakeModel model = FakeModel.seeded(SHAPE, 1);
        FakeLocalizationContext context = FakeLocalizationContext.builder(model).seed(7).fraction(0.5).option("gamma", "2").build();
        LocalizationContext modelFree = FakeLocalizationContext.of(SHAPE, 19);

        assertEquals(7, context.seed());
        assertEquals(0.5, context.fraction());
        assertEquals("2", context.option("gamma", "1"));
        assertEquals("1", context.option("mu", "1"));
        assertEquals(java.util.Set.of("gamma", "mu"), context.requestedOptions());
        assertEquals(SHAPE, context.model().shape());
        assertEquals(0.1, modelFree.fraction());
        assertEquals(19, modelFree.seed());
        assertThrows(UnsupportedOperationException.class, modelFree::model);
        assertThrows(IllegalArgumentException.class, () -> FakeLocalizationContext.builder(SHAPE).fraction(0));
    }

    @Test
    void scoresOfTheWrongLengthOrNotFiniteFailTheCheck() {
        LocalizationContext context = FakeLocalizationContext.of(SHAPE, 1);

        AssertionError length = assertThrows(AssertionError.class, () -> PluginChecks.scores(c -> new float[5], context));
        assertTrue(length.getMessage().contains("returned 5 scores; the model has 6"), length.getMessage());
        AssertionError nan = assertThrows(AssertionError.class, () -> PluginChecks.scores(c -> {
            float[] scores = new float[6];
            scores[4] = Float.NaN;
            return scores;
        }, context));
        assertTrue(nan.getMessage().contains("value vector 4 (layer 1, index 1)"), nan.getMessage());
        assertEquals(6, PluginChecks.scores(c -> new float[6], context).length);
    }
}
