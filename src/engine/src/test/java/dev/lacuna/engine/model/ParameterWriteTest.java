package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParameterWriteTest {

    @Test
    void anOverwriteKeepsTheArrayItsShapeAndGradientTrackingAndWritesTheExactBits() {
        float[] values = {0.1f, -0.2f, 1e-38f, Float.MIN_VALUE, 3.3333333f, -7f};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray parameter = manager.zeros(new Shape(2, 3));
            parameter.setRequiresGradient(true);
            ParameterWrite.overwrite(parameter, values);
            assertThat(parameter.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(parameter.hasGradient()).isTrue();
            float[] read = parameter.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertThat(Float.floatToRawIntBits(read[i])).isEqualTo(Float.floatToRawIntBits(values[i]));
            }
        }
    }

    @Test
    void libtorchPrintsNoDeprecationWarningForAnOverwriteAsItDoesForDjlsOwnSet() throws Exception {
        assertThat(stderrOf("overwrite")).doesNotContain("deprecated").contains("written");
        assertThat(stderrOf("djl-set")).contains("AutoNonVariableTypeMode is deprecated").contains("written");
    }

    /** libtorch warns on the process's own stderr, below Java's System.err, so each way runs in a fresh JVM. */
    private static String stderrOf(String way) throws Exception {
        Process child = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Writer.class.getName(), way))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    /** The child: one write either way. */
    public static final class Writer {
        public static void main(String[] args) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray parameter = manager.zeros(new Shape(4));
                float[] values = {1, 2, 3, 4};
                if (args[0].equals("overwrite")) {
                    ParameterWrite.overwrite(parameter, values);
                } else {
                    parameter.set(values);
                }
                System.err.println("written");
            }
        }
    }
}
