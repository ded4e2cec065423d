package dev.lacuna.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.engine.protocol.ProtocolResult.Calibration;
import dev.lacuna.engine.protocol.ProtocolResult.CurvePoint;
import dev.lacuna.engine.protocol.ProtocolResult.MeanSd;
import dev.lacuna.engine.protocol.ProtocolResult.Probe;
import dev.lacuna.engine.protocol.ProtocolResult.Run;
import dev.lacuna.engine.protocol.ProtocolResult.SeedOutcome;
import dev.lacuna.engine.protocol.ProtocolResult.Summary;
import dev.lacuna.engine.protocol.ProtocolResult.Timings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a run back from the result layout ({@link ResultJson#readRun}, how a sweep comes back from a child
 * process): what was written is read back exactly, and a missing or mistyped field is refused, naming it,
 * instead of being read as 0.
 */
class ResultJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A run with utility numbers, with values that do not survive a careless decimal rendering. */
    private static final Run FULL = new Run("oracle", 12, List.of(
            new CurvePoint(0, 0.1, 0.9, 0.8123456789012345, -3.3333333333333335),
            new CurvePoint(0.5, 0.55, 0.7, 0.6, -1.0e-17),
            new CurvePoint(1, 1.0, 0.25, 0.0, -12.75)), 0.41421356237309503, -2.718281828459045, true);

    /** A run on data without utility sets: MU, FQ and MU95 are null. */
    private static final Run WITHOUT_UTILITY = new Run("random", 3, List.of(
            new CurvePoint(0, 0.0, 1.0, null, null),
            new CurvePoint(1, 0.75, 0.5, null, null)), 0.125, null, null);

    private static JsonNode written(Run run) {
        return JSON.valueToTree(ResultJson.run(run));
    }

    @Test
    void aRunReadsBackExactlyAsItWasWritten() throws Exception {
        for (Run run : List.of(FULL, WITHOUT_UTILITY)) {
            JsonNode parsed = JSON.readTree(JSON.writeValueAsString(ResultJson.run(run)));
            assertThat(ResultJson.readRun(parsed, run.region())).isEqualTo(run);
        }
    }

    @Test
    void theRunsOfAWholeResultFileReadBackExactly() throws Exception {
        SeedOutcome seed = new SeedOutcome(7, "abc", 7 * 1_000_003L + 17, FULL, new Run("random", 12, FULL.curve(), 0.3, -1.5, false));
        ProtocolConfig config = ProtocolConfig.standard(Map.of("beta", "0.5")).withAlphas(new double[] {0, 0.5, 1});
        ProtocolResult result = new ProtocolResult("npo", "1.0", "sha", "synthetic/tiny", List.of(seed),
                new Calibration(2e-3, 7, true, 1e-3, List.of(new Probe(1e-3, 0.9), new Probe(2e-3, 0.97)), true),
                new Summary(new MeanSd(0.41421356237309503, 0), new MeanSd(0.3, 0), 0.11421356237309503, 0.5,
                        new MeanSd(-2.718281828459045, 0), new MeanSd(-1.5, 0), 1.218281828459045, 1.0, 100, 5),
                true, "MU and FQ computed on every point", config, new Timings(1, 0.1, 0.2, 0.3, 0.1, 0.05), true);

        JsonNode file = JSON.readTree(ResultJson.toJson(result, "cpu"));

        JsonNode perSeed = file.path("per_seed").get(0);
        assertThat(ResultJson.readRun(perSeed.path("oracle"), "oracle")).isEqualTo(seed.oracle());
        assertThat(ResultJson.readRun(perSeed.path("random"), "random")).isEqualTo(seed.random());
        assertThat(file.path("summary").path("aues_oracle").doubleValue()).isEqualTo(0.41421356237309503);
        assertThat(file.path("summary").path("mu95_p").doubleValue()).isEqualTo(1.0);
        assertThat(file.path("summary").path("permutations").intValue()).isEqualTo(100);
        assertThat(file.path("summary").path("statistics_seed").longValue()).isEqualTo(5);
        assertThat(file.path("calibration").path("probes").get(1).path("fs").doubleValue()).isEqualTo(0.97);
    }

    @ParameterizedTest
    @ValueSource(strings = {"region_size", "aues", "mu95", "mu95_reached", "curve"})
    void aMissingFieldOfTheRunIsRefusedByName(String field) {
        ObjectNode node = (ObjectNode) written(FULL);
        node.remove(field);

        assertThatThrownBy(() -> ResultJson.readRun(node, "oracle"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + field + "'")
                .hasMessageContaining("missing")
                .hasMessageContaining("oracle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alpha", "fs", "rs", "mu", "log10_fq"})
    void aMissingFieldOfACurvePointIsRefusedByNameAndPoint(String field) {
        ObjectNode node = (ObjectNode) written(FULL);
        ((ObjectNode) node.path("curve").get(1)).remove(field);

        assertThatThrownBy(() -> ResultJson.readRun(node, "random"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'curve[1]." + field + "'")
                .hasMessageContaining("missing");
    }

    @Test
    void aNumberThatIsNotANumberIsRefusedByName() {
        ObjectNode text = (ObjectNode) written(FULL);
        text.put("aues", "0.41");
        assertThatThrownBy(() -> ResultJson.readRun(text, "oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'aues'").hasMessageContaining("not a number");

        ObjectNode nullFs = (ObjectNode) written(FULL);
        ((ObjectNode) nullFs.path("curve").get(0)).putNull("fs");
        assertThatThrownBy(() -> ResultJson.readRun(nullFs, "oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'curve[0].fs'").hasMessageContaining("not a number");

        ObjectNode booleanMu = (ObjectNode) written(FULL);
        ((ObjectNode) booleanMu.path("curve").get(2)).put("mu", true);
        assertThatThrownBy(() -> ResultJson.readRun(booleanMu, "oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'curve[2].mu'").hasMessageContaining("neither null nor a number");

        ObjectNode textMu95 = (ObjectNode) written(FULL);
        textMu95.put("mu95", "NaN");
        assertThatThrownBy(() -> ResultJson.readRun(textMu95, "oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mu95'");
    }

    @Test
    void aRegionSizeThatIsNoIntegerAReachedFlagThatIsNoBooleanAndACurveThatIsNoListAreRefused() {
        ObjectNode size = (ObjectNode) written(FULL);
        size.put("region_size", 12.5);
        assertThatThrownBy(() -> ResultJson.readRun(size, "oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'region_size'").hasMessageContaining("not an integer");

        ObjectNode reached = (ObjectNode) written(FULL);
        reached.put("mu95_reached", "true");
        assertThatThrownBy(() -> ResultJson.readRun(reached, "oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mu95_reached'");

        ObjectNode curve = (ObjectNode) written(FULL);
        curve.put("curve", "[]");
        assertThatThrownBy(() -> ResultJson.readRun(curve, "oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'curve'").hasMessageContaining("not an array");

        ArrayNode notAnObject = JSON.createArrayNode();
        assertThatThrownBy(() -> ResultJson.readRun(notAnObject, "oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'curve'");
    }

    @Test
    void anAbsentRunIsRefusedRatherThanReadAsAnEmptyOne() {
        assertThatThrownBy(() -> ResultJson.readRun(MissingNode.getInstance(), "oracle"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'curve'").hasMessageContaining("missing");
    }
}
