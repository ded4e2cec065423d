package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void benchTrainPrintsThroughputFlopsAndTheMatMulRatio() {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("bench", "train", "--model", "tiny", "--steps", "3", "--batch", "4",
                "--vocab", "512");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("tokens/s").contains("GFLOP/s achieved").contains("libtorch matMul").contains("ratio: ");
    }

    @Test
    void anUnknownModelIsAUsageError() {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("bench", "train", "--model", "huge");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown model 'huge'");
    }
}
