package dev.lacuna.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lacuna.results.Calibration;
import dev.lacuna.results.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The learning-rate calibration walk ({@link CalibrationWalk#walk}) on hand-chosen FS functions:
 * the grid {@code suggested * 2^k}, k from -4 to 6 (the standard settings), walked down from the suggestion
 * while FS at alpha = 1 meets the target, or up until it does, and the largest rate, flagged, when none
 * does. Every probe, in walking order, is part of the result.
 */
class CalibrationWalkTest {

    private static final ProtocolConfig STANDARD = ProtocolConfig.standard(Map.of());
    private static final double SUGGESTED = 1e-3;
    private static final long SEED = 7;

    /** FS 0.99 at rates >= {@code threshold}, 0.5 below: more unlearning the higher the rate. */
    private static DoubleUnaryOperator stepAt(double threshold) {
        return rate -> rate >= threshold ? 0.99 : 0.5;
    }

    /** Records the rates asked, in order. */
    private static final class Asked implements DoubleUnaryOperator {
        final DoubleUnaryOperator fs;
        final List<Double> rates = new ArrayList<>();

        Asked(DoubleUnaryOperator fs) {
            this.fs = fs;
        }

        @Override
        public double applyAsDouble(double rate) {
            rates.add(rate);
            return fs.applyAsDouble(rate);
        }
    }

    private static double rate(int k) {
        return SUGGESTED * Math.pow(2, k);
    }

    @Test
    void theStandardGridIsTimesTwoFromASixteenthToSixtyFourTimesTheSuggestionWithTarget095() {
        assertThat(STANDARD.gridFactor()).isEqualTo(2.0);
        assertThat(STANDARD.gridBelow()).isEqualTo(4);
        assertThat(STANDARD.gridAbove()).isEqualTo(6);
        assertThat(STANDARD.calibrationTarget()).isEqualTo(0.95);
    }

    @Test
    void metAtTheSuggestionItWalksDownToTheSmallestRateStillMeetingTheTarget() {
        Asked fs = new Asked(stepAt(rate(-2)));

        Calibration c = CalibrationWalk.walk(SUGGESTED, SEED, STANDARD, fs);

        assertThat(c.learningRate()).isEqualTo(rate(-2));
        assertThat(c.reachedTarget()).isTrue();
        assertThat(c.calibrated()).isTrue();
        assertThat(c.seed()).isEqualTo(SEED);
        assertThat(c.suggestedLearningRate()).isEqualTo(SUGGESTED);
        // down until the first rate that misses; that probe is recorded too
        assertThat(c.probes()).containsExactly(new Probe(rate(0), 0.99), new Probe(rate(-1), 0.99), new Probe(rate(-2), 0.99),
                new Probe(rate(-3), 0.5));
        assertThat(fs.rates).containsExactly(rate(0), rate(-1), rate(-2), rate(-3));
    }

    @Test
    void walkingDownStopsAtTheLowestGridPoint() {
        Asked fs = new Asked(rate -> 1.0);

        Calibration c = CalibrationWalk.walk(SUGGESTED, SEED, STANDARD, fs);

        assertThat(c.learningRate()).isEqualTo(SUGGESTED / 16);
        assertThat(c.reachedTarget()).isTrue();
        assertThat(c.probes()).extracting(Probe::learningRate)
                .containsExactly(rate(0), rate(-1), rate(-2), rate(-3), rate(-4));
    }

    @Test
    void missedAtTheSuggestionItWalksUpToTheFirstRateMeetingTheTarget() {
        Asked fs = new Asked(stepAt(rate(3)));

        Calibration c = CalibrationWalk.walk(SUGGESTED, SEED, STANDARD, fs);

        assertThat(c.learningRate()).isEqualTo(rate(3));
        assertThat(c.reachedTarget()).isTrue();
        assertThat(c.probes()).containsExactly(new Probe(rate(0), 0.5), new Probe(rate(1), 0.5), new Probe(rate(2), 0.5),
                new Probe(rate(3), 0.99));
        assertThat(fs.rates).as("it never walks back down").containsExactly(rate(0), rate(1), rate(2), rate(3));
    }

    @Test
    void neverMetItUsesTheLargestRateAndSaysTheTargetWasNotReached() {
        Asked fs = new Asked(rate -> 0.94);

        Calibration c = CalibrationWalk.walk(SUGGESTED, SEED, STANDARD, fs);

        assertThat(c.learningRate()).isEqualTo(SUGGESTED * 64);
        assertThat(c.reachedTarget()).isFalse();
        assertThat(c.calibrated()).isTrue();
        assertThat(c.probes()).extracting(Probe::learningRate)
                .containsExactly(rate(0), rate(1), rate(2), rate(3), rate(4), rate(5), rate(6));
        assertThat(c.probes()).extracting(Probe::fs).containsOnly(0.94);
    }

    @Test
    void theTargetIsMetAtExactlyTheTargetFs() {
        Calibration c = CalibrationWalk.walk(SUGGESTED, SEED, STANDARD, rate -> rate >= rate(1) ? 0.95 : 0.9499);

        assertThat(c.learningRate()).isEqualTo(rate(1));
        assertThat(c.reachedTarget()).isTrue();
        assertThat(c.probes()).hasSize(2);
    }

    @Test
    void theGridFollowsTheConfiguredFactorAndBounds() {
        ProtocolConfig narrow = new ProtocolConfig(ProtocolConfig.evenAlphas(3), 10, 1, 1, 1, 1, 0, 0.8, 3.0, 1, 2, Map.of(), ProtocolConfig.STANDARD_ATTACKS, true);

        Calibration down = CalibrationWalk.walk(0.1, SEED, narrow, rate -> 0.8);
        Calibration up = CalibrationWalk.walk(0.1, SEED, narrow, rate -> 0.1);

        assertThat(down.probes()).hasSize(2);
        assertThat(down.probes().get(0).learningRate()).isEqualTo(0.1);
        assertThat(down.probes().get(1).learningRate()).isCloseTo(0.1 / 3, within(1e-17));
        assertThat(down.learningRate()).isEqualTo(down.probes().get(1).learningRate());
        assertThat(up.probes()).extracting(Probe::learningRate).containsExactly(0.1, 0.1 * 3, 0.1 * 9);
        assertThat(up.learningRate()).isEqualTo(0.1 * 9);
        assertThat(up.reachedTarget()).isFalse();
    }

    @Test
    void aGridWithoutPointsAroundTheSuggestionProbesOnlyTheSuggestion() {
        ProtocolConfig single = new ProtocolConfig(ProtocolConfig.evenAlphas(3), 10, 1, 1, 1, 1, 0, 0.95, 2.0, 0, 0, Map.of(), ProtocolConfig.STANDARD_ATTACKS, true);

        assertThat(CalibrationWalk.walk(SUGGESTED, SEED, single, rate -> 0.99).probes()).hasSize(1);
        Calibration missed = CalibrationWalk.walk(SUGGESTED, SEED, single, rate -> 0.5);
        assertThat(missed.learningRate()).isEqualTo(SUGGESTED);
        assertThat(missed.reachedTarget()).isFalse();
        assertThat(missed.probes()).hasSize(1);
    }
}
