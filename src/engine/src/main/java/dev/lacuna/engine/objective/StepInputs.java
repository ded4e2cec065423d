package dev.lacuna.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.lacuna.engine.model.NativeArrays;
import dev.lacuna.spi.AnswerOutputs;
import dev.lacuna.spi.ModelShape;
import dev.lacuna.spi.ObjectiveInputs;
import java.util.Map;

/** The inputs of one objective step; absent batches explain how to request them. */
public record StepInputs(ModelShape shape, long seed, int step, AnswerOutputs forget, AnswerOutputs retainOrNull,
        AnswerOutputs preferredOrNull, Map<String, String> options) implements ObjectiveInputs {

    public StepInputs {
        options = Map.copyOf(options);
    }

    @Override
    public AnswerOutputs retain() {
        if (retainOrNull == null) {
            throw new IllegalStateException("no retain batch: declare ObjectiveRequirements.withRetainBatch()");
        }
        return retainOrNull;
    }

    @Override
    public AnswerOutputs preferred() {
        if (preferredOrNull == null) {
            throw new IllegalStateException("no preferred answers: declare ObjectiveRequirements.withPreferredAnswers()");
        }
        return preferredOrNull;
    }

    @Override
    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    @Override
    public NDArray constant(double value) {
        return NativeArrays.scalar(forget.logits().getManager(), (float) value);
    }

    @Override
    public NDArray constants(float[] values) {
        return NativeArrays.of(forget.logits().getManager(), values, new Shape(values.length));
    }
}
