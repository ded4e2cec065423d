package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device} parsing and the refusals on a host whose PyTorch engine is the CPU build the project bundles (the
 * refusal tests are skipped where a CUDA libtorch is loaded).
 */
class ComputeDeviceTest {

    @Test
    void cpuAndCudaIndicesParseToTheirDjlDevices() {
        assertThat(ComputeDevice.parse("cpu").djl()).isEqualTo(Device.cpu());
        assertThat(ComputeDevice.parse("cpu").cuda()).isFalse();
        assertThat(ComputeDevice.parse("cuda:0").djl()).isEqualTo(Device.gpu(0));
        assertThat(ComputeDevice.parse("cuda:1").djl()).isEqualTo(Device.gpu(1));
        assertThat(ComputeDevice.parse("cuda:12").label()).isEqualTo("cuda:12");
    }

    @Test
    void otherSpellingsAreRefusedWithTheAcceptedForms() {
        for (String bad : new String[] {"CPU", "cuda:", "cuda:-1", "cuda:01", "cuda:x", "gpu:0", "cuda:0,1", ""}) {
            assertThatThrownBy(() -> ComputeDevice.parse(bad)).as(bad)
                    .hasMessage("--device " + bad + ": expected cpu or cuda:N with N a GPU index, e.g. cuda:0");
        }
        assertThatThrownBy(() -> ComputeDevice.parse("cuda")).hasMessageEndingWith("(name the GPU: cuda:0)");
    }

    @Test
    void cudaOnAHostWithTheCpuLibtorchFailsAtOnceSayingWhatIsNeeded() {
        assumeFalse(Engine.getInstance().hasCapability(StandardCapabilities.CUDA), "a CUDA libtorch is loaded here");
        assertThat(ComputeDevice.CPU.requireAvailable()).isEqualTo(ComputeDevice.CPU);
        assertThatThrownBy(() -> ComputeDevice.parse("cuda:1").requireAvailable())
                .hasMessageStartingWith("--device cuda:1: the PyTorch engine loaded here is the CPU build of libtorch and sees 0 GPUs")
                .hasMessageContaining("PYTORCH_FLAVOR=cu128").hasMessageContaining("2 visible NVIDIA GPUs")
                .hasMessageEndingWith("nothing falls back to the CPU");
    }

    @Test
    void testbedBuildEvaluateAndWorkerRefuseCudaHereAndBadValuesAsUsageErrors(@TempDir Path home) {
        assumeFalse(Engine.getInstance().hasCapability(StandardCapabilities.CUDA), "a CUDA libtorch is loaded here");
        TestbedCommandTest.Run build = TestbedCommandTest.lacuna("testbed", "build", "--mask-seed", "7", "--device", "cuda:0",
                "--home", home.toString());
        assertThat(build.exitCode()).isEqualTo(1);
        assertThat(build.err()).startsWith("lacuna: --device cuda:0: the PyTorch engine loaded here is the CPU build");
        assertThat(home.resolve("testbeds")).doesNotExist();

        TestbedCommandTest.Run evaluate = TestbedCommandTest.lacuna("evaluate", "--oracle", "--testbed", "synthetic/tiny",
                "--device", "cuda:0", "--home", home.toString());
        assertThat(evaluate.exitCode()).isEqualTo(1);
        assertThat(evaluate.err()).startsWith("lacuna: --device cuda:0: the PyTorch engine loaded here is the CPU build")
                .contains("PYTORCH_FLAVOR=cu128");

        TestbedCommandTest.Run worker = TestbedCommandTest.lacuna("worker", "--server", "http://127.0.0.1:9", "--token", "t",
                "--device", "cuda:2", "--home", home.toString());
        assertThat(worker.exitCode()).isEqualTo(1);
        assertThat(worker.err()).startsWith("lacuna: --device cuda:2: the PyTorch engine loaded here is the CPU build")
                .contains("3 visible NVIDIA GPUs");

        for (String command : new String[] {"evaluate", "worker", "testbed build"}) {
            String[] args = switch (command) {
                case "evaluate" -> new String[] {"evaluate", "--oracle", "--testbed", "synthetic/tiny", "--device", "gpu"};
                case "worker" -> new String[] {"worker", "--server", "http://127.0.0.1:9", "--token", "t", "--device", "gpu"};
                default -> new String[] {"testbed", "build", "--mask-seed", "7", "--device", "gpu", "--home", home.toString()};
            };
            TestbedCommandTest.Run bad = TestbedCommandTest.lacuna(args);
            assertThat(bad.exitCode()).as(command).isEqualTo(2);
            assertThat(bad.err()).as(command).startsWith("lacuna: --device gpu: expected cpu or cuda:N")
                    .contains("'./lacuna " + command + " --help'");
        }
    }
}
