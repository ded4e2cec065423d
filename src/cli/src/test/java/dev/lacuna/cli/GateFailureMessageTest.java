package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.testbed.GateThresholds;
import dev.lacuna.engine.testbed.Gates;
import dev.lacuna.engine.testbed.TestbedGateException;
import org.junit.jupiter.api.Test;

class GateFailureMessageTest {

    @Test
    void aMissedGateIsReportedWithTheFailingGateAndAllFourNumbers() {
        Gates gates = new Gates(0.62, 0.10, 0.97, 0.98);
        String message = TestbedCommand.gateFailure(new TestbedGateException(gates, gates.failures(GateThresholds.standard())));
        assertThat(message).contains("nothing stored").contains("forget ES of theta_o 0.620 < 0.80")
                .contains("forget ES theta_o 0.620, theta_r 0.100; retain ES theta_o 0.970, theta_r 0.980");
    }
}
