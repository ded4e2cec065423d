package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import dev.lacuna.engine.testbed.PaperRecipe;
import dev.lacuna.engine.training.MemoryPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code testbed build} with a paper-scale model: refused before anything is read, with the device and memory it needs. */
class PaperRecipeCommandTest {

    @Test
    void aPaperRecipeOnTheCpuIsRefusedNamingCudaAndItsMemoryPlan(@TempDir Path home) {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("testbed", "build", "--data", "tofu", "--model", "llama-3.1-8b-instruct",
                "--mask-seed", "7", "--home", home.toString(), "--data-dir", home.resolve("absent").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        MemoryPlan plan = PaperRecipe.find("tofu", "llama-3.1-8b-instruct").orElseThrow().injectionMemory();
        assertThat(run.err()).startsWith("lacuna: tofu/llama-3.1-8b-instruct is a paper-scale recipe (theta_p from "
                        + "meta-llama/Llama-3.1-8B-Instruct): it needs a CUDA device, --device cuda:N, with about "
                        + String.format(Locale.ROOT, "%.1f GiB", plan.totalBytes() / (double) (1L << 30)))
                .contains(String.format(Locale.ROOT, "frozen bf16 weights %.1f GiB", plan.frozenWeightBytes() / (double) (1L << 30)))
                .contains("'./lacuna plan memory --model llama-3.1-8b-instruct --region 0.1'")
                .endsWith("; this build asked for --device cpu\n");
        assertThat(home.resolve("testbeds")).doesNotExist();
    }

    @Test
    void withCudaOnThisHostTheDeviceCheckSpeaks(@TempDir Path home) {
        assumeFalse(Engine.getInstance().hasCapability(StandardCapabilities.CUDA), "a CUDA libtorch is loaded here");
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("testbed", "build", "--data", "synthetic", "--model", "olmo-2-1b",
                "--mask-seed", "7", "--device", "cuda:0", "--checkpoint", home.toString(), "--home", home.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("lacuna: --device cuda:0: the PyTorch engine loaded here is the CPU build of libtorch");
    }

    @Test
    void aPaperModelWithoutARecipeForTheDataAndACheckpointFolderWithoutConfigAreUsageErrors(@TempDir Path home) {
        TestbedCommandTest.Run none = TestbedCommandTest.lacuna("testbed", "build", "--data", "synthetic", "--model",
                "llama-3.1-8b-instruct", "--mask-seed", "7", "--home", home.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no paper-scale recipe synthetic/llama-3.1-8b-instruct (recipes: tofu/llama-3.1-8b-instruct, "
                + "tofu/olmo-2-7b-instruct, lume/olmo-2-7b-instruct, synthetic/olmo-2-1b)");
        TestbedCommandTest.Run tiny = TestbedCommandTest.lacuna("testbed", "build", "--model", "tiny", "--mask-seed", "7",
                "--checkpoint", home.toString(), "--home", home.toString());
        assertThat(tiny.exitCode()).isEqualTo(2);
        assertThat(tiny.err()).contains("--checkpoint " + home + " holds no config.json: it must be a Hugging Face model folder");
        TestbedCommandTest.Run format = TestbedCommandTest.lacuna("testbed", "build", "--mask-seed", "7", "--prompt-format",
                "llama3-chat", "--home", home.toString());
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("--prompt-format applies to --checkpoint builds only");
        TestbedCommandTest.Run unknown = TestbedCommandTest.lacuna("testbed", "build", "--model", "huge", "--mask-seed", "7",
                "--home", home.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown model 'huge': expected tiny or small, or a paper-scale recipe's model");
    }

    @Test
    void operationsDocumentsEachRecipeWithTheNumbersTheCodeGives() throws Exception {
        Path docs = Path.of(System.getProperty("lacuna.repository.root", "../..")).toAbsolutePath().normalize()
                .resolve("docs/operations.md");
        List<String> rows = Files.readAllLines(docs).stream().filter(l -> l.startsWith("| `") && l.contains("GiB")).toList();
        assertThat(rows).hasSize(PaperRecipe.all().size());
        for (int i = 0; i < rows.size(); i++) {
            PaperRecipe r = PaperRecipe.all().get(i);
            String[] cells = rows.get(i).split("\\|");
            assertThat(cells[1].trim()).isEqualTo("`" + r.family() + "`");
            assertThat(cells[2].trim()).isEqualTo(r.checkpoint());
            assertThat(Double.parseDouble(cells[3].trim())).isEqualTo(r.retainRate());
            assertThat(Double.parseDouble(cells[4].trim().split(" ")[0])).isEqualTo(r.forgetRate());
            assertThat(Long.parseLong(cells[5].trim().replace(",", ""))).isEqualTo(r.injectionMemory().regionRows());
            assertThat(cells[6].trim()).isEqualTo(String.format(Locale.ROOT, "%.1f GiB", r.injectionMemory().totalBytes() / (double) (1L << 30)));
            assertThat(cells[7].trim()).isEqualTo(String.format(Locale.ROOT, "%.1f GiB", r.retainMemory().totalBytes() / (double) (1L << 30)));
            assertThat(cells[8].trim()).isEqualTo(String.format(Locale.ROOT, "%.2f", r.estimatedHours(PaperRecipe.ASSUMED_FLOPS)));
        }
    }
}
