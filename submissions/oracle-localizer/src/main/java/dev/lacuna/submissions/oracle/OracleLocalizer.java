package dev.lacuna.submissions.oracle;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;

/**
 * The upper reference every localizer is measured against: it reads the testbed's ground-truth region and
 * scores its value vectors 1, all others 0, so at the ground truth's own fraction it recovers the region
 * exactly. Only the harness's Oracle reference is granted the ground truth; run as a submission, the
 * {@link dev.lacuna.spi.GroundTruthUnavailableException} it then gets ends the evaluation.
 */
public final class OracleLocalizer implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        boolean[] truth = context.groundTruth();
        int valueVectors = context.shape().valueVectors();
        if (truth.length != valueVectors) {
            throw new IllegalStateException("the ground truth flags " + truth.length + " value vectors; the model has "
                    + valueVectors);
        }
        float[] scores = new float[valueVectors];
        for (int i = 0; i < valueVectors; i++) {
            scores[i] = truth[i] ? 1f : 0f;
        }
        return scores;
    }
}
