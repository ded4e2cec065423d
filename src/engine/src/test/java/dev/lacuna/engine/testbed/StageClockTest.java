package dev.lacuna.engine.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StageClockTest {

    @Test
    void anEpochLineNamesTheBudgetTheTargetAndAnUpperBoundOnTheTimeLeft() throws InterruptedException {
        TestbedBuilder.StageClock clock = new TestbedBuilder.StageClock(40, "retain ES 0.75");
        Thread.sleep(50);
        String first = clock.at(1);
        assertThat(first).matches("\\(of at most 40 epochs, until retain ES 0\\.75; at most [0-9]+s left\\)");
        // 39 epochs left at at least 50 ms each
        assertThat(Long.parseLong(first.replaceAll(".*at most ([0-9]+)s left.*", "$1"))).isGreaterThanOrEqualTo(2);
        assertThat(clock.at(40)).isEqualTo("(of at most 40 epochs, until retain ES 0.75; at most 0s left)");
    }

    @Test
    void aStageResumedFromACheckpointPacesItselfOnTheEpochsItRanItself() throws InterruptedException {
        TestbedBuilder.StageClock clock = new TestbedBuilder.StageClock(100, "forget ES 0.90 with the retain gate");
        Thread.sleep(20);
        String resumed = clock.at(51);
        long left = Long.parseLong(resumed.replaceAll(".*at most ([0-9]+)s left.*", "$1"));
        // one epoch of about 20 ms: 49 epochs are seconds, not the minutes 51 epochs in 20 ms would never give
        assertThat(left).isBetween(0L, 10L);
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(TestbedBuilder.StageClock.duration(59)).isEqualTo("59s");
        assertThat(TestbedBuilder.StageClock.duration(200)).isEqualTo("3m20s");
        assertThat(TestbedBuilder.StageClock.duration(3 * 3600 + 7 * 60 + 5)).isEqualTo("3h07m");
    }
}
