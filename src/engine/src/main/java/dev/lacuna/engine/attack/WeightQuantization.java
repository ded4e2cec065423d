package dev.lacuna.engine.attack;

import dev.lacuna.engine.model.Transformer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Symmetric round-to-nearest weight quantization, applied and undone (quantize then dequantize), as an attack on
 * unlearning: an update too small to survive the rounding grid is erased by it, so knowledge that unlearning only
 * nudged below the surface can come back in the quantized model (DESIGN 5, resurfacing).
 *
 * <p>Each output channel (a column of a stored {@code in x out} matrix) is cut into groups of {@code groupSize}
 * consecutive input rows; a group's scale is {@code s = max|w| / q} with {@code q = 2^(bits-1) - 1}, and each
 * weight becomes {@code s * round(w / s)} (ties to even, as {@code torch.round}), an integer in {@code [-q, q]}
 * times the scale. So no weight moves by more than {@code s / 2}, the largest one in a group is kept exactly up to
 * float rounding, and a group of zeros stays zero.
 *
 * <p>Every matrix of the decoder layers is quantized; the token embedding, which the model shares with its output
 * head, the learned position table and the norm gains stay in float, as weight-only quantization of language models
 * usually leaves them.
 *
 * @param bits      bits per weight, 2 to 16
 * @param groupSize input rows per scale; at least 1 (a matrix's whole input dimension: one scale per channel)
 */
public record WeightQuantization(int bits, int groupSize) {

    public WeightQuantization {
        if (bits < 2 || bits > 16) {
            throw new IllegalArgumentException("quantization bits must be 2 to 16, got " + bits);
        }
        if (groupSize < 1) {
            throw new IllegalArgumentException("quantization group size must be at least 1, got " + groupSize);
        }
    }

    /** The largest integer level, {@code 2^(bits-1) - 1}: 127 for 8 bits, 7 for 4 bits. */
    public int maxLevel() {
        return (1 << (bits - 1)) - 1;
    }

    /**
     * A copy of a row-major {@code rows x columns} matrix with every group of each column rounded to its grid.
     */
    public float[] roundTrip(float[] matrix, int rows, int columns) {
        if ((long) rows * columns != matrix.length) {
            throw new IllegalArgumentException(matrix.length + " values are not a " + rows + " x " + columns + " matrix");
        }
        float[] out = new float[matrix.length];
        int q = maxLevel();
        for (int c = 0; c < columns; c++) {
            for (int start = 0; start < rows; start += groupSize) {
                int end = Math.min(rows, start + groupSize);
                double max = 0;
                for (int r = start; r < end; r++) {
                    max = Math.max(max, Math.abs(matrix[r * columns + c]));
                }
                double scale = max / q;
                for (int r = start; r < end; r++) {
                    int i = r * columns + c;
                    // + 0f turns the -0 of a small negative weight into the 0 level
                    out[i] = scale == 0 ? 0f : (float) (scale * Math.max(-q, Math.min(q, Math.rint(matrix[i] / scale)))) + 0f;
                }
            }
        }
        return out;
    }

    /** Whether the attack rounds this parameter: every decoder-layer matrix, nothing else. */
    public static boolean quantizes(String parameter, int dimensions) {
        return parameter.startsWith("layers.") && dimensions == 2;
    }

    /** A quantized copy of the model on its device; the model itself is left as it was. */
    public Transformer apply(Transformer model) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        model.parameters().forEach((name, array) -> {
            float[] values = array.toFloatArray();
            long[] shape = array.getShape().getShape();
            weights.put(name, quantizes(name, shape.length) ? roundTrip(values, (int) shape[0], (int) shape[1]) : values);
        });
        return Transformer.fromWeights(model.config(), weights, model.manager().getDevice());
    }
}
