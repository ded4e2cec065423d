package dev.lacuna.submissions.wagle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lacuna.spi.DataSplit;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ValueVectorGradients;
import dev.lacuna.spi.testkit.FakeLocalizationContext;
import dev.lacuna.spi.testkit.FakeModel;
import dev.lacuna.spi.testkit.PluginChecks;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WagleLocalizerTest {

    /** 2 layers x 3 value vectors x d_model 2. */
    private static final ModelShape SHAPE = new ModelShape(2, 2, 3, 5);

    /** Layer 0: (1,2) (0,1) (-1,3); layer 1: (2,2) (1,-1) (0,0). */
    private static final float[][] THETA = {{1, 2, 0, 1, -1, 3}, {2, 2, 1, -1, 0, 0}};

    private static final float[] FORGET_MEAN = {1, 1, 2, 0, 0, -1, 1, 0, -1, 2, 3, 1};

    private static final float[] RETAIN_MEAN = {0, 1, 1, 1, 2, 0, 0, 0, 1, 1, -1, 2};

    /** Sums to 24 over 12 entries: the Fisher estimate of gamma is 2. */
    private static final float[] RETAIN_MEAN_OF_SQUARES = {1, 1, 2, 2, 4, 0, 0, 0, 2, 2, 1, 9};

    @Test
    void scoresAreWeightTimesForgetGradientMinusRetainTimesForgetGradientOverGammaPerDModel() {
        float[] scores = score(model(RETAIN_MEAN_OF_SQUARES), Map.of());

        // gamma = 24 / 12 = 2; score = (theta . g_f - (g_r . g_f) / 2) / 2
        // L0 v0: theta . g_f = 1 + 2 = 3,   g_r . g_f = 0 + 1 = 1   -> (3 - 0.5) / 2 = 1.25
        // L0 v1: theta . g_f = 0 + 0 = 0,   g_r . g_f = 2 + 0 = 2   -> (0 - 1) / 2 = -0.5
        // L0 v2: theta . g_f = 0 - 3 = -3,  g_r . g_f = 0 + 0 = 0   -> -3 / 2 = -1.5
        // L1 v0: theta . g_f = 2 + 0 = 2,   g_r . g_f = 0 + 0 = 0   -> 2 / 2 = 1
        // L1 v1: theta . g_f = -1 - 2 = -3, g_r . g_f = -1 + 2 = 1  -> (-3 - 0.5) / 2 = -1.75
        // L1 v2: theta . g_f = 0 + 0 = 0,   g_r . g_f = -3 + 2 = -1 -> (0 + 0.5) / 2 = 0.25
        assertThat(scores).containsExactly(new float[] {1.25f, -0.5f, -1.5f, 1f, -1.75f, 0.25f}, within(1e-6f));
    }

    @Test
    void gammaIsEstimatedAsTheMeanRetainFisherDiagonal() {
        float[] estimated = score(model(RETAIN_MEAN_OF_SQUARES), Map.of());
        float[] explicit = score(model(RETAIN_MEAN_OF_SQUARES), Map.of("gamma", "2"));

        assertThat(estimated).containsExactly(explicit);
    }

    @Test
    void theGammaOptionOverridesTheEstimate() {
        float[] scores = score(model(RETAIN_MEAN_OF_SQUARES), Map.of("gamma", "0.5"));

        // 1 / gamma = 2: (theta . g_f - 2 g_r . g_f) / 2 with the dot products above
        // (3 - 2) / 2, (0 - 4) / 2, (-3 - 0) / 2, (2 - 0) / 2, (-3 - 2) / 2, (0 + 2) / 2
        assertThat(scores).containsExactly(new float[] {0.5f, -2f, -1.5f, 1f, -2.5f, 1f}, within(1e-6f));
    }

    @Test
    void aZeroFisherEstimateFallsBackToGammaOne() {
        float[] fallback = score(model(new float[12]), Map.of());
        float[] gammaOne = score(model(RETAIN_MEAN_OF_SQUARES), Map.of("gamma", "1"));

        // (3 - 1) / 2, (0 - 2) / 2, -3 / 2, 2 / 2, (-3 - 1) / 2, (0 + 1) / 2
        assertThat(fallback).containsExactly(new float[] {1f, -1f, -1.5f, 1f, -2f, 0.5f}, within(1e-6f));
        assertThat(fallback).containsExactly(gammaOne);
    }

    /** Value vectors and true-answer gradients of both splits, nothing else: WAGLE reads no activations. */
    private static FakeModel model(float[] retainMeanOfSquares) {
        return FakeModel.builder(SHAPE)
                .valueVectors(0, THETA[0])
                .valueVectors(1, THETA[1])
                .gradients(DataSplit.FORGET, new ValueVectorGradients(FORGET_MEAN.clone(), new float[12], 3))
                .gradients(DataSplit.RETAIN, new ValueVectorGradients(RETAIN_MEAN.clone(), retainMeanOfSquares.clone(), 3))
                .build();
    }

    private static float[] score(FakeModel model, Map<String, String> options) {
        return PluginChecks.scores(new WagleLocalizer(),
                FakeLocalizationContext.builder(model).fraction(0.5).options(options).build());
    }
}
