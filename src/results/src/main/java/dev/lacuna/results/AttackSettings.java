package dev.lacuna.results;

import java.util.List;

/**
 * The resurfacing attacks' parameters, the same for every run of a result.
 *
 * @param quantizationBits      bit widths of the quantization attacks, widest first
 * @param quantizationGroupSize input rows per scale
 * @param relearningFraction    share of the forget set fine-tuned on (chosen by the mask seed)
 * @param relearningEpochs      passes over those items
 * @param relearningBatchSize   items per step
 * @param relearningRate        AdamW's constant rate, no warm-up or weight decay, every parameter
 */
public record AttackSettings(List<Integer> quantizationBits, int quantizationGroupSize, double relearningFraction,
                             int relearningEpochs, int relearningBatchSize, double relearningRate) {

    public AttackSettings {
        quantizationBits = List.copyOf(quantizationBits);
    }
}
