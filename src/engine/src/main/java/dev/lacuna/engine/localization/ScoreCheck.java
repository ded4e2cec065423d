package dev.lacuna.engine.localization;

import dev.lacuna.spi.ModelShape;

/** The harness's checks on a localizer's scores, applied before any region is selected from them. */
public final class ScoreCheck {

    private ScoreCheck() {
    }

    /** Fails naming the plugin and seed unless there is exactly one finite score per value vector. */
    public static float[] requireValid(float[] scores, ModelShape shape, String plugin, long seed) {
        if (scores == null) {
            throw new LocalizerFailure(plugin + " returned no scores (null) for mask seed " + seed);
        }
        if (scores.length != shape.valueVectors()) {
            throw new LocalizerFailure(plugin + " returned " + scores.length + " scores for mask seed " + seed + "; the model has "
                    + shape.layers() + " x " + shape.valueVectorsPerLayer() + " = " + shape.valueVectors() + " value vectors");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) {
                throw new LocalizerFailure(plugin + " returned a non-finite score (" + scores[i] + ") for value vector " + i
                        + " (layer " + i / shape.valueVectorsPerLayer() + ", index " + i % shape.valueVectorsPerLayer()
                        + ") on mask seed " + seed);
            }
        }
        return scores.clone();
    }
}
