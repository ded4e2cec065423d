package dev.lacuna.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.djl.Device;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.SafeTensors;
import dev.lacuna.engine.model.TokenBatch;
import dev.lacuna.engine.model.Transformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against an independent PyTorch implementation of Hugging Face's Llama and OLMo-2 forward passes
 * ({@code src/test/python/hf_reference.py}), on the same checkpoint folder and token ids. Both sides compute in
 * float32 from the same float32 values (bfloat16 files are widened exactly on both sides), so what remains is
 * float32 rounding in a different order: about {@code 1e-7} relative per operation, which over two layers and
 * logits of a few units stays well under the {@code 1e-5} asserted. A wrong transpose, norm placement, head
 * grouping or rotary frequency moves logits by a large fraction of their spread (asserted above 0.5), so the
 * comparison cannot pass by accident.
 *
 * <p>The reference needs {@code /usr/bin/python3} with torch (Debian {@code python3-torch}, which CI installs);
 * without it this test fails rather than skips, since a skipped proof proves nothing.
 */
class HfReferenceTest {

    private static final Path SCRIPT = Path.of("src/test/python/hf_reference.py");
    private static final String PYTHON = "/usr/bin/python3";
    private static final double TOLERANCE = 1e-5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Token ids of three lengths, the longest reaching positions where the rotary angles wrap several times. */
    private static final int[][] SEQUENCES = {
        {1, 5, 96, 3, 3, 40, 17, 0, 88, 12, 64, 7, 50, 2, 19, 33},
        {42},
        {9, 8, 7, 6, 5, 96},
    };

    @TempDir
    Path dir;

    static Stream<Arguments> checkpoints() {
        HfConfig llama3 = HfConfig.of(HfConfig.Family.LLAMA, 64, 160, 2, 4, 2, 97, 32, false).withEps(1e-5)
                .withRope(500.0, new ModelConfig.RopeScaling(8, 1, 4, 64));
        // Epsilons far above the usual 1e-6 make a misplaced or ignored epsilon move logits by about 1 %, not 1e-6.
        HfConfig llamaTied = HfConfig.of(HfConfig.Family.LLAMA, 64, 160, 2, 4, 2, 97, 32, true).withEps(0.01);
        HfConfig olmo2 = HfConfig.of(HfConfig.Family.OLMO2, 64, 160, 2, 4, 2, 97, 32, false).withEps(0.02)
                .withRope(500_000.0, null);
        HfConfig olmo2Mha = HfConfig.of(HfConfig.Family.OLMO2, 64, 160, 2, 4, 4, 97, 32, false).withEps(1e-6);
        // What models trained from scratch compute: the engine's original architecture is Llama's with these settings.
        HfConfig scratch = HfConfig.of(HfConfig.Family.LLAMA, 64, 160, 2, 4, 4, 97, 32, true);
        return Stream.of(
                Arguments.of("llama fp32 as trained from scratch (tied, one kv head per head)", scratch,
                        SafeTensors.DType.F32, 1),
                Arguments.of("llama fp32 single-file untied, llama3 rope scaling", llama3, SafeTensors.DType.F32, 1),
                Arguments.of("llama bf16 sharded tied", llamaTied, SafeTensors.DType.BF16, 3),
                Arguments.of("olmo2 fp32 single-file", olmo2, SafeTensors.DType.F32, 1),
                Arguments.of("olmo2 bf16 sharded, one kv head per head", olmo2Mha, SafeTensors.DType.BF16, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkpoints")
    void theEngineComputesWhatTheReferenceComputes(String label, HfConfig config, SafeTensors.DType dtype, int shards)
            throws Exception {
        Path folder = dir.resolve("checkpoint");
        HfCheckpointWriter.writeRandom(folder, config, 11, dtype, shards);
        HfCheckpoint checkpoint = HfCheckpoint.read(folder, 64);

        float[][][] engine = new float[SEQUENCES.length][][];
        try (Transformer model = checkpoint.load(Device.cpu())) {
            for (int s = 0; s < SEQUENCES.length; s++) {
                engine[s] = logits(model, SEQUENCES[s], config.vocab());
            }
        }
        float[][][] reference = reference(folder);

        double maxDiff = 0;
        double sum = 0;
        double sumSquares = 0;
        long count = 0;
        for (int s = 0; s < SEQUENCES.length; s++) {
            assertThat(reference[s].length).isEqualTo(SEQUENCES[s].length);
            for (int t = 0; t < SEQUENCES[s].length; t++) {
                assertThat(reference[s][t]).hasSize(config.vocab());
                for (int v = 0; v < config.vocab(); v++) {
                    maxDiff = Math.max(maxDiff, Math.abs(engine[s][t][v] - reference[s][t][v]));
                    sum += reference[s][t][v];
                    sumSquares += (double) reference[s][t][v] * reference[s][t][v];
                    count++;
                }
            }
        }
        double spread = Math.sqrt(sumSquares / count - (sum / count) * (sum / count));
        System.out.printf("%s: max |engine - reference| = %.3g over %d logits of spread %.3g%n", label, maxDiff, count,
                spread);
        assertThat(spread).as("logits must vary enough for the comparison to mean something").isGreaterThan(0.5);
        assertThat(maxDiff).as("max |engine - reference| for " + label).isLessThanOrEqualTo(TOLERANCE);
    }

    /** Logits {@code (t, vocab)} at every position of one unpadded sequence. */
    private static float[][] logits(Transformer model, int[] ids, int vocab) {
        long[] positions = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            positions[i] = i;
        }
        TokenBatch batch = new TokenBatch(1, ids.length, ids.clone(), positions, new int[ids.length],
                new int[] {ids.length});
        float[] flat;
        try (NDScope ignored = new NDScope()) {
            flat = model.logits(batch).toFloatArray();
        }
        float[][] out = new float[ids.length][vocab];
        for (int t = 0; t < ids.length; t++) {
            System.arraycopy(flat, t * vocab, out[t], 0, vocab);
        }
        return out;
    }

    private float[][][] reference(Path folder) throws IOException, InterruptedException {
        requireTorch();
        Path ids = dir.resolve("ids.json");
        Path out = dir.resolve("reference.json");
        Files.writeString(ids, JSON.writeValueAsString(SEQUENCES));
        Process process = new ProcessBuilder(PYTHON, SCRIPT.toString(), folder.toString(), ids.toString(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail("the reference " + SCRIPT + " failed:\n" + output);
        }
        JsonNode logits = JSON.readTree(out.toFile()).path("logits");
        float[][][] result = new float[logits.size()][][];
        for (int s = 0; s < logits.size(); s++) {
            JsonNode seq = logits.get(s);
            result[s] = new float[seq.size()][];
            for (int t = 0; t < seq.size(); t++) {
                JsonNode row = seq.get(t);
                result[s][t] = new float[row.size()];
                for (int v = 0; v < row.size(); v++) {
                    result[s][t][v] = (float) row.get(v).doubleValue();
                }
            }
        }
        return result;
    }

    private static void requireTorch() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing: install Debian's python3 and python3-torch (apt-get install python3-torch); "
                    + "this test compares the engine with a PyTorch reference and must not skip");
        }
        Process probe = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!probe.waitFor(2, TimeUnit.MINUTES) || probe.exitValue() != 0) {
            fail(PYTHON + " cannot import torch: install Debian's python3-torch (apt-get install python3-torch; .ci/run "
                    + "does); this test compares the engine with a PyTorch reference and must not skip.\n" + output);
        }
    }
}
