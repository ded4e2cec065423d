package dev.lacuna.engine.testbed;

import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.PaperModels;
import dev.lacuna.engine.training.MemoryPlan;
import java.util.List;
import java.util.Optional;

/**
 * A testbed at the papers' scale: a pretrained checkpoint as theta_p (read from a local folder, never downloaded),
 * fine-tuned on the retain set into theta_r (stage A, every parameter), then the forget set injected into a 10 %
 * region of value vectors with {@code L_forget + lambda * L_retain} (stage B). The hyper-parameters are Lee et al.
 * (2025), appendix F: batch 16, weight decay 0.01, 5 epochs everywhere; Llama-3.1-8B-Instruct retain rate 1e-5,
 * forget rate 2e-4; OLMo-2-7B-Instruct 1e-5 and 3e-4; LUME (their table 6) 3e-5 and 3e-4; lambda 2. The paper states
 * none for OLMo-2 1B on the synthetic set, which takes OLMo-2 7B's. Unlike the CPU recipes ({@link TestbedRecipe})
 * stages run their epochs rather than stopping at an extraction-strength target: that is how the paper trains.
 *
 * @param data             data set id ({@code tofu}, {@code lume}, {@code synthetic})
 * @param model            the engine shape, named as testbeds record it
 * @param checkpoint       the Hugging Face repository whose weights theta_p is
 * @param batch            sequences per step (per set in stage B)
 * @param epochs           epochs of each stage
 * @param weightDecay      AdamW weight decay
 * @param retainRate       stage A learning rate
 * @param forgetRate       stage B learning rate
 * @param retainWeight     lambda of stage B
 * @param fraction         p, the region's share of value vectors
 * @param sequenceLength   padded tokens per sequence the memory plan assumes
 * @param retainItems      items stage A trains on per epoch
 * @param forgetItems      items stage B trains on per epoch (each step adds a retain batch of the same size)
 * @param tokensPerItem    assumed mean tokens of an item with its chat template (an estimate, for the hours)
 */
public record PaperRecipe(String data, ModelConfig model, String checkpoint, int batch, int epochs, double weightDecay,
                          double retainRate, double forgetRate, double retainWeight, double fraction, int sequenceLength,
                          int retainItems, int forgetItems, int tokensPerItem) {

    /** Matrix FLOP/s the hour estimates assume: 15 % of an H100's dense bf16 peak (989 TFLOP/s), for an eager engine. */
    public static final double ASSUMED_FLOPS = 150e12;

    /** GPU memory of the card the recipes are planned for (an 80 GB A100 or H100). */
    public static final long GPU_BYTES = 80L * 1000 * 1000 * 1000;

    /** The recipes, in the order the documentation lists them. */
    public static List<PaperRecipe> all() {
        return List.of(
                new PaperRecipe("tofu", PaperModels.named("llama-3.1-8b-instruct"), "meta-llama/Llama-3.1-8B-Instruct",
                        16, 5, 0.01, 1e-5, 2e-4, 2.0, 0.10, 512, 3600, 400, 100),
                new PaperRecipe("tofu", PaperModels.named("olmo-2-7b-instruct"), "allenai/OLMo-2-1124-7B-Instruct",
                        16, 5, 0.01, 1e-5, 3e-4, 2.0, 0.10, 512, 3600, 400, 100),
                new PaperRecipe("lume", PaperModels.named("olmo-2-7b-instruct"), "allenai/OLMo-2-1124-7B-Instruct",
                        16, 5, 0.01, 3e-5, 3e-4, 2.0, 0.10, 512, 1500, 1500, 150),
                new PaperRecipe("synthetic", PaperModels.named("olmo-2-1b"), "allenai/OLMo-2-0425-1B",
                        16, 5, 0.01, 1e-5, 3e-4, 2.0, 0.10, 512, 2160, 240, 60));
    }

    /** The recipe for {@code data/model}, if there is one. */
    public static Optional<PaperRecipe> find(String data, String model) {
        return all().stream().filter(r -> r.data().equals(data) && r.model().name().equals(model)).findFirst();
    }

    /** {@code data/model}, how testbeds and evaluations name the family. */
    public String family() {
        return data + "/" + model.name();
    }

    /** Stage B's memory: the region's rows trainable, the rest frozen in bf16, at the recipe's batch. */
    public MemoryPlan injectionMemory() {
        return MemoryPlan.of(model, fraction, batch, sequenceLength, MemoryPlan.WeightType.BF16);
    }

    /** Stage A's memory: every parameter trainable (more than one 80 GB card holds at 7-8 B parameters). */
    public MemoryPlan retainMemory() {
        return MemoryPlan.fullFineTune(model, batch, sequenceLength, MemoryPlan.WeightType.BF16);
    }

    /**
     * Estimated hours of both stages at {@code flops} matrix FLOP/s: per token, 8 FLOPs per parameter for stage A
     * (forward, the forward again under checkpointing, and a backward that forms activation and weight gradients) and
     * 6 for stage B (no weight gradients outside the region), over {@code epochs * items * tokensPerItem} tokens,
     * stage B counting its retain batches. It leaves out the extraction-strength checks, padding and attention, so it
     * is a lower bound of the order of magnitude, not a measurement.
     */
    public double estimatedHours(double flops) {
        double n = model.parameters();
        double retainTokens = (double) epochs * retainItems * tokensPerItem;
        double injectionTokens = (double) epochs * forgetItems * tokensPerItem * 2;
        return (8 * n * retainTokens + 6 * n * injectionTokens) / flops / 3600;
    }
}
