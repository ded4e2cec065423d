package dev.lacuna.engine.testbed;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.SafeTensors;
import dev.lacuna.engine.model.Transformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A stored testbed, verified on open: every file's sha256 must match the manifest and the folder's content
 * hash must match its name, so that results naming a testbed hash ran on exactly those weights. The
 * content hash is sha256 over the lines {@code name + "\n" + sha256(file) + "\n"} of every file except the
 * manifest, in name order.
 */
public final class Testbed {

    public static final String THETA_R = "theta_r.safetensors";
    public static final String THETA_O = "theta_o.safetensors";
    public static final String TARGET_REGION = "v_tgt.region";
    public static final String MODEL = "model.json";
    public static final String METRICS = "metrics.json";
    public static final String DATA = "data.json";
    public static final String LOG = "build.log";
    /** Present only in testbeds built on a pretrained checkpoint: its hash and prompt format ({@link ThetaP}). */
    public static final String CHECKPOINT = "checkpoint.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final JsonNode manifest;
    private final ModelConfig config;

    private Testbed(Path folder, JsonNode manifest, ModelConfig config) {
        this.folder = folder;
        this.manifest = manifest;
        this.config = config;
    }

    /**
     * Opens and verifies a testbed folder.
     *
     * @throws CorruptTestbedException if a file is missing, extra, truncated or altered
     */
    public static Testbed open(Path folder) {
        Path manifestPath = folder.resolve(TestbedStore.MANIFEST);
        if (!Files.isRegularFile(manifestPath)) {
            throw new CorruptTestbedException("testbed " + folder.getFileName() + " has no " + TestbedStore.MANIFEST);
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(manifestPath.toFile());
        } catch (IOException e) {
            throw new CorruptTestbedException("testbed " + folder.getFileName() + ": unreadable manifest: " + e.getMessage());
        }
        Map<String, String> recorded = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            recorded.put(e.getKey(), e.getValue().asText());
        }
        Map<String, String> actual = fileHashes(folder);
        if (!actual.keySet().equals(recorded.keySet())) {
            throw new CorruptTestbedException("testbed " + folder.getFileName() + " holds files " + actual.keySet()
                    + " but its manifest lists " + recorded.keySet());
        }
        for (String name : recorded.keySet()) {
            if (!recorded.get(name).equals(actual.get(name))) {
                throw new CorruptTestbedException("testbed " + folder.getFileName() + ": " + name
                        + " does not match its recorded sha256 (altered or truncated); rebuild or re-download the testbed: "
                        + "'lacuna testbed build' of the same inputs, 'lacuna testbed import FILE|URL' of its archive, "
                        + "or 'lacuna testbed fetch FAMILY' from a catalog");
            }
        }
        String hash = contentHash(actual);
        if (!hash.equals(manifest.path("hash").asText()) || !hash.equals(folder.getFileName().toString())) {
            throw new CorruptTestbedException("testbed " + folder.getFileName() + ": content hash " + hash
                    + " differs from the manifest's " + manifest.path("hash").asText() + " or the folder name");
        }
        try {
            return new Testbed(folder, manifest, modelFromJson(JSON.readTree(folder.resolve(MODEL).toFile())));
        } catch (IOException e) {
            throw new CorruptTestbedException("testbed " + folder.getFileName() + ": unreadable " + MODEL + ": " + e.getMessage());
        }
    }

    public Path folder() {
        return folder;
    }

    public String hash() {
        return manifest.path("hash").asText();
    }

    public String id() {
        return manifest.path("id").asText();
    }

    public long maskSeed() {
        return manifest.path("mask_seed").asLong();
    }

    public ModelConfig config() {
        return config;
    }

    public JsonNode manifest() {
        return manifest.deepCopy();
    }

    public Gates gates() {
        JsonNode g = manifest.path("gates");
        return new Gates(g.path("forget_es_theta_o").asDouble(), g.path("forget_es_theta_r").asDouble(),
                g.path("retain_es_theta_o").asDouble(), g.path("retain_es_theta_r").asDouble());
    }

    public Region targetRegion() {
        return Region.fromBytes(read(TARGET_REGION));
    }

    public Transformer loadThetaR(Device device) {
        return SafeTensors.readModel(config, read(THETA_R), device);
    }

    public Transformer loadThetaO(Device device) {
        return SafeTensors.readModel(config, read(THETA_O), device);
    }

    /** Raw bytes of one stored file. */
    public byte[] read(String name) {
        try {
            return Files.readAllBytes(folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of testbed " + hash(), e);
        }
    }

    /**
     * The model configuration as it is stored in {@code model.json} and sent with plugin jobs. A model trained from
     * scratch writes the nine keys it always has, so its testbed keeps its bytes and its hash; any other architecture
     * adds what {@link ModelConfig.Architecture} holds ({@code rope_scaling} only when there is one).
     */
    public static Map<String, Object> modelJson(ModelConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("layers", c.layers());
        m.put("d_model", c.dModel());
        m.put("heads", c.heads());
        m.put("d_ff", c.dFf());
        m.put("vocab", c.vocab());
        m.put("context", c.context());
        m.put("positions", c.positions().name().toLowerCase(Locale.ROOT));
        m.put("mlp", c.mlp().name().toLowerCase(Locale.ROOT));
        if (c.isScratch()) {
            return m;
        }
        ModelConfig.Architecture a = c.arch();
        m.put("kv_heads", a.kvHeads());
        m.put("head_dim", a.headDim());
        m.put("norm_eps", a.normEps());
        m.put("rope_theta", a.ropeTheta());
        if (a.ropeScaling() != null) {
            Map<String, Object> scaling = new LinkedHashMap<>();
            scaling.put("factor", a.ropeScaling().factor());
            scaling.put("low_freq_factor", a.ropeScaling().lowFreqFactor());
            scaling.put("high_freq_factor", a.ropeScaling().highFreqFactor());
            scaling.put("original_max_position_embeddings", a.ropeScaling().originalContext());
            m.put("rope_scaling", scaling);
        }
        m.put("tied_embeddings", a.tiedEmbeddings());
        m.put("norms", a.norms().name().toLowerCase(Locale.ROOT));
        m.put("qk_norm", a.qkNorm());
        return m;
    }

    /** Architecture keys of {@link #modelJson}; a {@code model.json} without any of them is a model trained from scratch. */
    private static final String[] ARCHITECTURE_KEYS = {"kv_heads", "head_dim", "norm_eps", "rope_theta", "rope_scaling",
            "tied_embeddings", "norms", "qk_norm"};

    /**
     * The configuration {@link #modelJson} wrote. Without architecture keys (every testbed stored before checkpoints)
     * it is a model trained from scratch; an architecture key that is absent takes the value models trained from
     * scratch have.
     */
    public static ModelConfig modelFromJson(JsonNode n) {
        String name = n.path("name").asText();
        int layers = n.path("layers").asInt();
        int dModel = n.path("d_model").asInt();
        int heads = n.path("heads").asInt();
        int dFf = n.path("d_ff").asInt();
        int vocab = n.path("vocab").asInt();
        int context = n.path("context").asInt();
        ModelConfig.Positions positions = ModelConfig.Positions.valueOf(n.path("positions").asText().toUpperCase(Locale.ROOT));
        ModelConfig.Mlp mlp = ModelConfig.Mlp.valueOf(n.path("mlp").asText().toUpperCase(Locale.ROOT));
        boolean scratch = true;
        for (String key : ARCHITECTURE_KEYS) {
            scratch &= !n.has(key);
        }
        if (scratch) {
            return new ModelConfig(name, layers, dModel, heads, dFf, vocab, context, positions, mlp);
        }
        ModelConfig.Architecture d = ModelConfig.Architecture.scratch(heads, heads > 0 ? Math.max(1, dModel / heads) : 1);
        ModelConfig.RopeScaling scaling = null;
        JsonNode s = n.path("rope_scaling");
        if (!s.isMissingNode() && !s.isNull()) {
            scaling = new ModelConfig.RopeScaling(number(s, "rope_scaling.factor").asDouble(),
                    number(s, "rope_scaling.low_freq_factor").asDouble(),
                    number(s, "rope_scaling.high_freq_factor").asDouble(),
                    number(s, "rope_scaling.original_max_position_embeddings").asInt());
        }
        String norms = n.path("norms").asText(d.norms().name()).toUpperCase(Locale.ROOT);
        if (!norms.equals("PRE") && !norms.equals("POST")) {
            throw new IllegalArgumentException("model.json norms '" + n.path("norms").asText() + "' is neither pre nor post");
        }
        ModelConfig.Architecture arch = new ModelConfig.Architecture(n.path("kv_heads").asInt(d.kvHeads()),
                n.path("head_dim").asInt(d.headDim()), n.path("norm_eps").asDouble(d.normEps()),
                n.path("rope_theta").asDouble(d.ropeTheta()), scaling,
                n.path("tied_embeddings").asBoolean(d.tiedEmbeddings()), ModelConfig.Norms.valueOf(norms),
                n.path("qk_norm").asBoolean(d.qkNorm()));
        return new ModelConfig(name, layers, dModel, heads, dFf, vocab, context, positions, mlp, arch);
    }

    private static JsonNode number(JsonNode parent, String path) {
        JsonNode v = parent.path(path.substring(path.indexOf('.') + 1));
        if (!v.isNumber()) {
            throw new IllegalArgumentException("model.json " + path + " must be a number, got " + v);
        }
        return v;
    }

    static Map<String, String> fileHashes(Path folder) {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.equals(TestbedStore.MANIFEST)) {
                    continue;
                }
                if (!Files.isRegularFile(file)) {
                    throw new CorruptTestbedException("testbed " + folder.getFileName() + " contains a non-file " + name);
                }
                hashes.put(name, sha256(Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read testbed " + folder, e);
        }
        return hashes;
    }

    /**
     * The content hash of a testbed whose files (all but the manifest) have these sha256s: sha256 over the lines
     * {@code name LF sha256 LF} in name order. Also how a manifest copy is checked against the hash it claims.
     */
    public static String contentHash(Map<String, String> fileHashes) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(fileHashes).forEach((name, hash) -> lines.append(name).append('\n').append(hash).append('\n'));
        return sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
