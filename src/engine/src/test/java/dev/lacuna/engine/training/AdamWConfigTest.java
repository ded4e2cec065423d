package dev.lacuna.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdamWConfigTest {

    @Test
    void warmUpRisesLinearlyToThePeakRate() {
        AdamWConfig config = AdamWConfig.of(1e-3).withWarmup(10);
        assertThat(config.rateAt(1, 100)).isCloseTo(1e-4, within(1e-12));
        assertThat(config.rateAt(5, 100)).isCloseTo(5e-4, within(1e-12));
        assertThat(config.rateAt(10, 100)).isCloseTo(1e-3, within(1e-12));
        assertThat(config.rateAt(80, 100)).isCloseTo(1e-3, within(1e-12));
    }

    @Test
    void decaySchedulesEndAtTheFloor() {
        AdamWConfig cosine = AdamWConfig.of(1e-3).withWarmup(10).withSchedule(AdamWConfig.Schedule.COSINE, 0.1);
        assertThat(cosine.rateAt(55, 100)).isCloseTo(1e-3 * (0.1 + 0.9 * 0.5), within(1e-12));
        assertThat(cosine.rateAt(100, 100)).isCloseTo(1e-4, within(1e-12));
        AdamWConfig linear = AdamWConfig.of(1e-3).withWarmup(0).withSchedule(AdamWConfig.Schedule.LINEAR, 0.0);
        assertThat(linear.rateAt(50, 100)).isCloseTo(5e-4, within(1e-12));
        assertThat(linear.rateAt(100, 100)).isCloseTo(0.0, within(1e-12));
    }
}
