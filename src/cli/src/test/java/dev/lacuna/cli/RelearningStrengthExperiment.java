package dev.lacuna.cli;

import dev.lacuna.engine.attack.Relearning;
import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.RegionUnlearning;
import dev.lacuna.engine.protocol.SeedTestbed;
import dev.lacuna.engine.protocol.StoredTestbeds;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.submissions.ga.GradientAscent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: measures whether a relearning attack stronger than {@link ProtocolConfig#STANDARD_ATTACKS} brings
 * back a gradient-ascent erasure on the published synthetic/tiny testbeds (docs/benchmarks.md, "Relearning settings
 * on synthetic/tiny": it does not). It unlearns the Oracle region, the protocol's Random region and every value
 * vector (unconstrained) of each mask seed with GA at the protocol's settings and the rate its calibration picked
 * there ({@code -Dlacuna.experiment.rate}, 0.008 in the published result), then attacks theta_u and theta_r with
 * every relearning setting of a small grid and prints the held-out ES of both:
 * <pre>
 * ./mvnw -o -B -pl src/cli -am test -Dtest=RelearningStrengthExperiment -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlacuna.experiment.home=$PWD/leaderboard -Dlacuna.experiment.seeds=7,19
 * </pre>
 * The home is any folder whose {@code testbeds/} holds them; {@code leaderboard/} is one.
 */
@EnabledIfSystemProperty(named = "lacuna.experiment.home", matches = ".+")
class RelearningStrengthExperiment {

    @Test
    void measure() {
        Path home = Path.of(System.getProperty("lacuna.experiment.home"));
        double rate = Double.parseDouble(System.getProperty("lacuna.experiment.rate", "0.008"));
        List<Long> seeds = Arrays.stream(System.getProperty("lacuna.experiment.seeds", "7").split(","))
                .map(Long::parseLong).toList();
        TestbedStore store = new TestbedStore(home.resolve("testbeds"));
        ProtocolConfig config = ProtocolConfig.standard(Map.of());
        for (var summary : StoredTestbeds.resolve(store, "synthetic/tiny", seeds)) {
            SeedTestbed seed = StoredTestbeds.load(summary, store, new DataCatalog(Optional.empty()),
                    StoredTestbeds.DEFAULT_SYNTHETIC_SEED);
            try (Transformer thetaO = seed.thetaO(); Transformer thetaR = seed.thetaR()) {
                measure(seed, config, rate);
            }
        }
    }

    /** The Oracle, Random and unconstrained runs of one seed, each attacked with the whole grid. */
    private static void measure(SeedTestbed seed, ProtocolConfig config, double rate) {
        int pad = seed.data().padId();
        int eos = seed.tokenizer().eosId();
        var shape = seed.thetaO().config();
        Region random = seed.target().randomOfEqualSizeOutside(seed.randomRegionSeed());
        for (var scenario : List.of(Map.entry("oracle", seed.target()), Map.entry("random", random),
                Map.entry("unconstrained", Region.all(shape.layers(), shape.dFf())))) {
            try (Transformer u = RegionUnlearning.unlearn(seed.thetaO(), scenario.getValue(), new GradientAscent(), "ga",
                    seed.data(), config.settings(rate, seed.maskSeed()), null)) {
                for (double fraction : new double[] {0.1, 0.25}) {
                    for (int epochs : new int[] {10, 30}) {
                        for (double lr : new double[] {1e-3, 3e-3, 1e-2}) {
                            Relearning.Resurfacing r = new Relearning(epochs, 2, lr, fraction, seed.maskSeed())
                                    .attack(u, seed.thetaR(), seed.data().forget(), pad, eos);
                            System.out.printf(Locale.ROOT,
                                    "RELEARN seed %d %s fraction %.2f passes %d rate %.0e: theta_u %.3f -> %.3f, theta_r %.3f -> %.3f, excess %+.3f%n",
                                    seed.maskSeed(), scenario.getKey(), fraction, epochs, lr, r.unlearnedBefore(),
                                    r.unlearnedAfter(), r.retrainedBefore(), r.retrainedAfter(), r.excess());
                        }
                    }
                }
            }
        }
    }
}
