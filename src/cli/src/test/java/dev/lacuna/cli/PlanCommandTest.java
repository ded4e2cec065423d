package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.model.PaperModels;
import dev.lacuna.engine.training.MemoryPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

    private static final Pattern LINE = Pattern.compile("^(.+?):\\s+([0-9,]+) bytes\\s+[0-9.]+ GiB$", Pattern.MULTILINE);

    /** The printed parts, by the label before their colon, in bytes. */
    static Map<String, Long> parts(String out) {
        Map<String, Long> parts = new LinkedHashMap<>();
        Matcher m = LINE.matcher(out);
        while (m.find()) {
            parts.put(m.group(1).replaceAll(" \\(.*", ""), Long.parseLong(m.group(2).replace(",", "")));
        }
        return parts;
    }

    @Test
    void planMemoryPrintsWhatMemoryPlanComputesForLlama() {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("plan", "memory", "--model", "llama-3.1-8b", "--region", "0.10");
        assertThat(run.exitCode()).as(run.err()).isZero();
        MemoryPlan plan = MemoryPlan.of(PaperModels.named("llama-3.1-8b"), 0.10, 16, 512, MemoryPlan.WeightType.BF16);
        assertThat(parts(run.out())).containsExactly(Map.entry("frozen weights", plan.frozenWeightBytes()),
                Map.entry("trainable master copy", plan.masterBytes()), Map.entry("gradients", plan.gradientBytes()),
                Map.entry("AdamW m", plan.adamMBytes()), Map.entry("AdamW v", plan.adamVBytes()),
                Map.entry("activations", plan.activationBytes()), Map.entry("total", plan.totalBytes()));
        // the hand count of MemoryPlanTest: 45,875 rows, 37,056,356,352 bytes in all
        assertThat(run.out()).contains("region p = 0.1000, 45875 of 458752 value vectors, batch 16 x 512 tokens, weights bfloat16")
                .contains("fits one 80 GB GPU with 15 % to spare: yes");
        assertThat(parts(run.out()).get("total")).isEqualTo(37_056_356_352L);
    }

    @Test
    void aCheckpointsConfigJsonAndTheOtherOptionsAreUsed(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("Llama-3.1-8B-Instruct"));
        Files.writeString(folder.resolve("config.json"), """
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu", "hidden_size": 4096, "intermediate_size": 14336,
                 "max_position_embeddings": 131072, "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
                 "rms_norm_eps": 1e-05, "rope_scaling": {"factor": 8.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                 "original_max_position_embeddings": 8192, "rope_type": "llama3"}, "rope_theta": 500000.0,
                 "tie_word_embeddings": false, "vocab_size": 128256}
                """);
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("plan", "memory", "--model", folder.toString(), "--region", "0.05",
                "--batch", "4", "--seq", "256", "--weights", "fp32");
        assertThat(run.exitCode()).as(run.err()).isZero();
        MemoryPlan plan = MemoryPlan.of(PaperModels.named("llama-3.1-8b"), 0.05, 4, 256, MemoryPlan.WeightType.FLOAT32);
        assertThat(run.out()).startsWith("memory plan: llama-3.1-8b-instruct (8,030,261,248 parameters");
        assertThat(parts(run.out()).get("total")).isEqualTo(plan.totalBytes());
        assertThat(parts(run.out()).get("frozen weights")).isEqualTo(8_030_261_248L * 4);
    }

    @Test
    void allParametersPlansStageA() {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("plan", "memory", "--model", "olmo-2-7b", "--region", "0.1",
                "--all-parameters");
        assertThat(run.exitCode()).as(run.err()).isZero();
        MemoryPlan plan = MemoryPlan.fullFineTune(PaperModels.named("olmo-2-7b"), 16, 512, MemoryPlan.WeightType.BF16);
        assertThat(parts(run.out()).get("total")).isEqualTo(plan.totalBytes());
        assertThat(run.out()).contains("trainable: every parameter").contains("fits one 80 GB GPU with 15 % to spare: no");
    }

    @Test
    void badModelsAndFractionsAreUsageErrors() {
        TestbedCommandTest.Run unknown = TestbedCommandTest.lacuna("plan", "memory", "--model", "gpt-5", "--region", "0.1");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown model 'gpt-5'").contains("llama-3.1-8b, olmo-2-7b, olmo-2-1b");
        TestbedCommandTest.Run fraction = TestbedCommandTest.lacuna("plan", "memory", "--model", "olmo-2-1b", "--region", "1.5");
        assertThat(fraction.exitCode()).isEqualTo(2);
        assertThat(fraction.err()).contains("--region must lie in (0, 1], got 1.5");
    }
}
