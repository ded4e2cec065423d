package dev.lacuna.results;

/**
 * FS and RS of theta_u after round-to-nearest weight quantization (quantized, then dequantized): knowledge that
 * unlearning only nudged below the rounding grid comes back here.
 *
 * @param bits      bits per weight (symmetric levels -(2^(bits-1) - 1) .. 2^(bits-1) - 1)
 * @param groupSize input rows sharing one scale within an output channel
 */
public record QuantizedScores(int bits, int groupSize, double fs, double rs) {
}
