package dev.lacuna.engine.metrics;

/**
 * Extraction Strength, {@code ES = 1 - k* / n}: how much of an answer greedy decoding reproduces given the
 * prompt and the shortest possible prefix of the answer. Greedy decoding that stays on the reference is
 * exactly teacher forcing, so k* follows from the teacher-forced argmax predictions alone: it is one past
 * the last answer position whose prediction is wrong. Running the model is
 * {@link dev.lacuna.engine.model.ModelScorer}'s job; this class only turns predictions into the score.
 */
public final class ExtractionStrength {

    private ExtractionStrength() {
    }

    /**
     * ES from teacher-forced argmax predictions: {@code predicted[t]} is the argmax after the prompt and
     * {@code answer[0..t)}.
     */
    public static double fromPredictions(int[] predicted, int[] answer) {
        if (predicted.length != answer.length || answer.length == 0) {
            throw new IllegalArgumentException("need one prediction per answer token, and at least one token");
        }
        int kStar = 0;
        for (int t = answer.length - 1; t >= 0; t--) {
            if (predicted[t] != answer[t]) {
                kStar = t + 1;
                break;
            }
        }
        return 1.0 - (double) kStar / answer.length;
    }

    public static double mean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("mean of no values");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
