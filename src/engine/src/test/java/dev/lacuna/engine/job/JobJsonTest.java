package dev.lacuna.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.UnlearningSettings;
import dev.lacuna.results.AttackSettings;
import dev.lacuna.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire form of jobs and outcomes: exact round trips (floats bit for bit) and specific refusals. */
class JobJsonTest {

    private static final ModelConfig MODEL = ModelConfig.tiny(40);
    private static final List<EncodedItem> ITEMS = List.of(new EncodedItem("a", new int[] {1, 5, 6}, new int[] {7, 8}),
            new EncodedItem("b", new int[] {1, 9}, new int[] {10}));

    @Test
    void anUnlearnJobComesBackWhole() {
        Region region = Region.random(MODEL.layers(), MODEL.dFf(), 0.1, 3);
        UnlearningSettings settings = new UnlearningSettings(1.5e-3, 5, 50, 16, 0.01, 7, Map.of("beta", "0.5"));
        PluginJob.Unlearn job = new PluginJob.Unlearn("id-1", "ab".repeat(32), "cd".repeat(32), MODEL, ITEMS, ITEMS.subList(1, 2),
                ITEMS, 0, region, settings);
        PluginJob.Unlearn back = (PluginJob.Unlearn) JobJson.readJob(JobJson.write(job));
        assertThat(back.jobId()).isEqualTo("id-1");
        assertThat(back.model()).isEqualTo(MODEL);
        assertThat(back.region()).isEqualTo(region);
        assertThat(back.settings()).isEqualTo(settings);
        assertThat(back.forget()).hasSize(2);
        assertThat(back.forget().get(0).prompt()).containsExactly(1, 5, 6);
        assertThat(back.retain()).hasSize(1);
        assertThat(back.retain().get(0).answer()).containsExactly(10);
    }

    @Test
    void aLocalizeJobCarriesNoRegionAndComesBackWhole() {
        PluginJob.Localize job = new PluginJob.Localize("id-2", "ab".repeat(32), "cd".repeat(32), MODEL, ITEMS, ITEMS, 0,
                new int[] {0, 1, 2}, 19, 0.1, Map.of("k", "v"));
        String text = new String(JobJson.write(job), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("region");
        PluginJob.Localize back = (PluginJob.Localize) JobJson.readJob(text.getBytes(StandardCharsets.UTF_8));
        assertThat(back.specialIds()).containsExactly(0, 1, 2);
        assertThat(back.seed()).isEqualTo(19);
        assertThat(back.fraction()).isEqualTo(0.1);
        assertThat(back.options()).containsEntry("k", "v");
    }

    @Test
    void outcomesKeepEveryFloatBitForBitIncludingNonFiniteOnes() {
        float[] scores = {0f, -0f, 1e-38f, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY, 3.1415927f};
        JobOutcome.Scored back = (JobOutcome.Scored) JobJson.readOutcome(JobJson.write(
                new JobOutcome.Scored("j", "p", "t", scores, 1.5)));
        for (int i = 0; i < scores.length; i++) {
            assertThat(Float.floatToRawIntBits(back.scores()[i])).isEqualTo(Float.floatToRawIntBits(scores[i]));
        }
        JobOutcome.Unlearned rows = (JobOutcome.Unlearned) JobJson.readOutcome(JobJson.write(
                new JobOutcome.Unlearned("j", "p", "t", 125, new float[][] {null, {1f, 2f}}, 2.0)));
        assertThat(rows.rows()[0]).isNull();
        assertThat(rows.rows()[1]).containsExactly(1f, 2f);
        assertThat(rows.steps()).isEqualTo(125);
        JobOutcome.Failed failed = (JobOutcome.Failed) JobJson.readOutcome(JobJson.write(new JobOutcome.Failed("j", "why")));
        assertThat(failed.reason()).isEqualTo("why");
    }

    @Test
    void malformedOrForeignDocumentsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> JobJson.readOutcome("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome is not valid JSON");
        assertThatThrownBy(() -> JobJson.readOutcome("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("outcome is not a JSON object");
        assertThatThrownBy(() -> JobJson.readOutcome("{\"lacuna_outcome\":2,\"job_id\":\"j\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("lacuna_outcome version 2 is not the supported 1");
        assertThatThrownBy(() -> JobJson.readOutcome(("{\"lacuna_outcome\":1,\"job_id\":\"j\",\"type\":\"scored\",\"plugin_sha256\":\"p\","
                + "\"testbed_hash\":\"t\",\"scores\":\"AAA\"}").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a multiple of 4");
        assertThatThrownBy(() -> JobJson.readOutcome("{\"lacuna_outcome\":1,\"type\":\"failed\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'job_id' is missing");
        assertThatThrownBy(() -> JobJson.readJob(("{\"lacuna_job\":1,\"job_id\":\"j\",\"plugin_sha256\":\"p\",\"kind\":\"objective\","
                + "\"type\":\"steal\"}").getBytes(StandardCharsets.UTF_8))).hasMessageContaining("unknown type 'steal'");
    }

    @Test
    void aSweepJobCarriesTheWholeProtocolConfigAndTheSandboxSettings() {
        ProtocolConfig config = new ProtocolConfig(new double[] {0, 0.25, 1}, 77, 99L, 3, 40, 8, 0.02, 0.9, 3.0, 2, 5,
                Map.of("beta", "0.25"), new AttackSettings(List.of(6, 3), 16, 0.2, 3, 4, 5e-4), false);
        SweepJob job = new SweepJob("/store", null, 7, "ab".repeat(32), "random", Region.random(2, 16, 0.25, 1), 2.5e-3, config,
                "/jars/npo.jar", "cd".repeat(32), true, Map.of("pids", "64", "memory-mib", "2048"));
        SweepJob back = JobJson.readSweep(JobJson.write(job));
        assertThat(back.config().alphas()).containsExactly(0, 0.25, 1);
        assertThat(back.config()).usingRecursiveComparison().isEqualTo(config);
        assertThat(back).usingRecursiveComparison().ignoringFields("config").isEqualTo(job);
        assertThatThrownBy(() -> JobJson.readSweep(JobJson.write(new PluginJob.Describe("d", "p", PluginKind.OBJECTIVE))))
                .hasMessageContaining("lacuna_sweep version");
    }

    @Test
    void aDescribeJobNamesItsKind() {
        PluginJob back = JobJson.readJob(JobJson.write(new PluginJob.Describe("d", "p", PluginKind.OBJECTIVE)));
        assertThat(back).isEqualTo(new PluginJob.Describe("d", "p", PluginKind.OBJECTIVE));
    }
}
