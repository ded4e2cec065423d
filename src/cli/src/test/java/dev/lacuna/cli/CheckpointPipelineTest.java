package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.checkpoint.HfCheckpoint;
import dev.lacuna.engine.checkpoint.HfCheckpointWriter;
import dev.lacuna.engine.checkpoint.HfConfig;
import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.CorpusLoader;
import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.data.DataSetKind;
import dev.lacuna.engine.data.SyntheticSize;
import dev.lacuna.engine.model.SafeTensors;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.tokenizer.HfTokenizerFiles;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.submissions.npo.NegativePreferenceOptimization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny Hugging Face checkpoint through the whole pipeline on the CPU (issue 19): a Llama folder in the exact HF layout
 * (bf16, two shards, grouped-query attention, its own tokenizer.json and the Llama 3 chat format) becomes theta_p of a
 * synthetic testbed (theta_r trained from it, the forget set injected into a random 10 % of the value vectors, the
 * gates checked), and NPO is evaluated on that testbed into a result that names the checkpoint. The checkpoint holds
 * a tiny-shaped model initialised as the engine initialises its own, so the tiny recipe's schedule reaches its gates.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckpointPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path scratch;

    private static Path checkpoint;
    private static Path home;
    private static String checkpointSha256;
    private static String model;
    private static String testbedHash;

    @BeforeAll
    static void writeATinyLlamaCheckpoint() throws Exception {
        checkpoint = scratch.resolve("tiny-llama");
        home = scratch.resolve("home");
        Corpus corpus = CorpusLoader.load(DataSetKind.SYNTHETIC, new DataCatalog(Optional.empty()), 7, SyntheticSize.TINY);
        // theta_p is a fresh model, not a pretrained one: its tokenizer must keep DESIGN 3's rule for such models (every
        // forget token occurs in theta_r's data), so it knows theta_r's words only, and no digit runs: digits stay single
        // (trained through the character primer) as the project's own tokenizer keeps them
        List<String> words = HfTokenizerFiles.wordsIn(corpus.thetaRTrainingTexts()).stream()
                .filter(w -> w.chars().noneMatch(Character::isDigit)).toList();
        HfTokenizerFiles tokenizer = HfTokenizerFiles.llama3(words);
        HfConfig config = HfConfig.of(HfConfig.Family.LLAMA, 64, 512, 2, 4, 2, tokenizer.size(), 128, true);
        Map<String, SafeTensors.Tensor> tensors;
        try (Transformer init = Transformer.initialize(config.modelConfig("theta_p", 128), 11, Device.cpu())) {
            tensors = HfCheckpointWriter.tensorsOf(config, init.weights());
        }
        HfCheckpointWriter.write(checkpoint, config.toJson(), tensors, SafeTensors.DType.BF16, 2);
        tokenizer.writeTo(checkpoint);
        checkpointSha256 = HfCheckpoint.read(checkpoint, 128).sha256();
    }

    @Test
    @Order(1)
    void theCheckpointBecomesThetaPOfATestbedThatPassesItsGates() throws Exception {
        Evaluations.Run build = Evaluations.run("testbed", "build", "--data", "synthetic", "--checkpoint", checkpoint.toString(),
                "--prompt-format", "llama3-chat", "--mask-seed", "7", "--home", home.toString());
        System.out.print(build.err());
        assertThat(build.exitCode()).as(build.err()).isZero();
        List<String> lines = build.out().lines().filter(l -> !l.isBlank()).toList();
        String id = lines.get(lines.size() - 1);
        model = "llama-" + checkpointSha256.substring(0, 12);
        assertThat(id).startsWith("synthetic-" + model + "-7-");
        assertThat(build.err()).contains("stage A: theta_r, all parameters, from checkpoint " + checkpointSha256)
                .contains("prompt format llama3-chat");

        Path folder;
        try (var stored = Files.list(home.resolve("testbeds"))) {
            folder = stored.filter(Files::isDirectory).filter(f -> !f.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        }
        testbedHash = folder.getFileName().toString();
        JsonNode manifest = JSON.readTree(folder.resolve("manifest.json").toFile());
        assertThat(manifest.path("model").asText()).isEqualTo(model);
        assertThat(manifest.path("checkpoint_sha256").asText()).isEqualTo(checkpointSha256);
        assertThat(manifest.path("prompt_format").asText()).isEqualTo("llama3-chat");
        assertThat(manifest.path("region_fraction").asDouble()).isEqualTo(0.1);
        assertThat(manifest.path("region_size").asInt()).isEqualTo(Math.round(0.1f * 2 * 512));
        JsonNode gates = manifest.path("gates");
        assertThat(gates.path("forget_es_theta_o").asDouble()).isGreaterThanOrEqualTo(0.80);
        assertThat(gates.path("forget_es_theta_r").asDouble()).isLessThanOrEqualTo(0.25);
        assertThat(gates.path("retain_es_theta_o").asDouble()).isGreaterThanOrEqualTo(0.80);
        // the testbed reads without the checkpoint folder: it carries config and tokenizer, byte for byte
        for (String file : List.of("config.json", "tokenizer.json", "tokenizer_config.json")) {
            assertThat(folder.resolve(file)).hasSameBinaryContentAs(checkpoint.resolve(file));
        }
        JsonNode modelJson = JSON.readTree(folder.resolve("model.json").toFile());
        assertThat(modelJson.path("kv_heads").asInt()).isEqualTo(2);
        assertThat(modelJson.path("d_ff").asInt()).isEqualTo(512);
    }

    @Test
    @Order(2)
    void npoIsEvaluatedOnItIntoAResultThatNamesTheCheckpoint() throws Exception {
        assertThat(testbedHash).as("the testbed of the first test").isNotNull();
        Path npo = PluginJars.pack(scratch, "npo", PluginKind.OBJECTIVE, NegativePreferenceOptimization.class);
        Path out = scratch.resolve("npo.json");
        Evaluations.Run run = Evaluations.evaluate(home, "--plugin", npo.toString(), "--testbed", "synthetic/" + model,
                "--seeds", "7", "--alphas", "3", "--permutations", "50", "--schedule", "1,8", "--calibration-grid", "0,0",
                "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(out.toFile());
        assertThat(Evaluations.schemaErrors(result)).isEmpty();
        assertThat(result.path("testbed").asText()).isEqualTo("synthetic/" + model).contains(checkpointSha256.substring(0, 12));
        assertThat(result.path("per_seed").get(0).path("testbed_hash").asText()).isEqualTo(testbedHash);
        // AUES is the area under a curve of (FS, RS) points in [0, 1] x [0, 1] (docs/metrics.md)
        assertThat(result.path("summary").path("aues_oracle").asDouble()).isBetween(0.0, 1.0);
        assertThat(result.path("summary").path("aues_random").asDouble()).isBetween(0.0, 1.0);
    }
}
