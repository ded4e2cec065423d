package dev.lacuna.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandbox's limits: declared once, read back exactly, refused when unknown or out of range. */
class SandboxSettingsTest {

    @Test
    void theDefaultsAreTheDeclaredOnesAndTheWallClockIsThreeTimesTheCpuLimit() {
        SandboxSettings d = SandboxSettings.defaults();
        assertThat(d.memoryMib()).isEqualTo(SandboxSettings.Setting.MEMORY_MIB.defaultValue());
        assertThat(d.pids()).isEqualTo(128);
        assertThat(d.wallSeconds()).isEqualTo(3 * d.cpuSeconds());
        assertThat(SandboxSettings.of(Map.of("cpu-seconds", "10")).wallSeconds()).isEqualTo(30);
        assertThat(SandboxSettings.of(Map.of("cpu-seconds", "10", "wall-seconds", "12")).wallSeconds()).isEqualTo(12);
    }

    @Test
    void settingsTravelWholeThroughTheirMap() {
        SandboxSettings s = SandboxSettings.of(Map.of("memory-mib", "3000", "heap-mib", "700", "pids", "64", "threads", "2"));
        assertThat(SandboxSettings.of(s.toMap())).isEqualTo(s);
        assertThat(s.toMap().keySet()).hasSize(SandboxSettings.Setting.values().length);
    }

    @Test
    void unknownNamesBadNumbersAndAHeapAboveTheMemoryAreRefused() {
        assertThatThrownBy(() -> SandboxSettings.of(Map.of("network", "1"))).hasMessageContaining("unknown sandbox setting 'network'")
                .hasMessageContaining("memory-mib");
        assertThatThrownBy(() -> SandboxSettings.of(Map.of("pids", "lots"))).hasMessageContaining("pids must be a whole number");
        assertThatThrownBy(() -> SandboxSettings.of(Map.of("heap-mib", "5000"))).hasMessageContaining("heap-mib 5000 must be below");
        assertThatThrownBy(() -> SandboxSettings.of(Map.of("pids", "2"))).hasMessageContaining("out of range");
    }

    @Test
    void theSeccompProgramIsWholeInstructionsEndingInItsThreeReturns() {
        byte[] program = SeccompFilter.program();
        assertThat(program.length % 8).isZero();
        ByteBuffer b = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int n = program.length / 8;
        int[] lastThree = new int[3];
        for (int i = 0; i < n; i++) {
            short code = b.getShort(i * 8);
            int k = b.getInt(i * 8 + 4);
            int jt = b.get(i * 8 + 2);
            int jf = b.get(i * 8 + 3);
            if ((code & 0x07) == 0x05) { // a conditional jump: both targets inside the program
                assertThat(i + 1 + jt).as("jump target of instruction " + i).isLessThan(n);
                assertThat(i + 1 + jf).as("jump target of instruction " + i).isLessThan(n);
            }
            if (i >= n - 3) {
                assertThat(code).isEqualTo((short) 0x06);
                lastThree[i - (n - 3)] = k;
            }
        }
        assertThat(lastThree).containsExactly(0x7fff0000, 0x00050001, 0x00050026);
    }
}
