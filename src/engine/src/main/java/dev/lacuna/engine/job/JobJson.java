package dev.lacuna.engine.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.engine.model.EncodedItem;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.protocol.ProtocolConfig;
import dev.lacuna.engine.protocol.UnlearningSettings;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.results.AttackSettings;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.spi.PluginKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of jobs and outcomes between the harness and the process that runs plugin code, and of
 * the sweep jobs a {@code --jobs} child runs. Versioned
 * ({@link #VERSION}): a reader refuses another version instead of guessing. Float arrays travel as base64
 * of their little-endian bits, so a value comes back bit for bit and in-process and sandboxed runs agree
 * exactly. Reading an outcome never trusts it: anything malformed is an {@link IllegalArgumentException}
 * naming the field, and {@link OutcomeCheck} then compares it with the job.
 */
public final class JobJson {

    /** Format version of jobs and outcomes. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobJson() {
    }

    public static byte[] write(PluginJob job) {
        ObjectNode n = JSON.createObjectNode();
        n.put("lacuna_job", VERSION);
        n.put("job_id", job.jobId());
        n.put("plugin_sha256", job.pluginSha256());
        n.put("kind", job.kind().label());
        if (job instanceof PluginJob.Describe) {
            n.put("type", "describe");
        } else if (job instanceof PluginJob.Localize l) {
            n.put("type", "localize");
            n.put("testbed_hash", l.testbedHash());
            n.set("model", JSON.valueToTree(Testbed.modelJson(l.model())));
            n.set("forget", items(l.forget()));
            n.set("retain", items(l.retain()));
            n.put("pad_id", l.padId());
            ArrayNode specials = n.putArray("special_ids");
            for (int id : l.specialIds()) {
                specials.add(id);
            }
            n.put("seed", l.seed());
            n.put("fraction", l.fraction());
            n.set("options", JSON.valueToTree(l.options()));
        } else if (job instanceof PluginJob.Unlearn u) {
            n.put("type", "unlearn");
            n.put("testbed_hash", u.testbedHash());
            n.set("model", JSON.valueToTree(Testbed.modelJson(u.model())));
            n.set("forget", items(u.forget()));
            n.set("retain", items(u.retain()));
            n.set("preferred", items(u.preferred()));
            n.put("pad_id", u.padId());
            n.put("region", Base64.getEncoder().encodeToString(u.region().toBytes()));
            UnlearningSettings s = u.settings();
            ObjectNode settings = n.putObject("settings");
            settings.put("learning_rate", s.learningRate());
            settings.put("epochs", s.epochs());
            settings.put("min_steps", s.minSteps());
            settings.put("batch_size", s.batchSize());
            settings.put("weight_decay", s.weightDecay());
            settings.put("seed", s.seed());
            settings.set("options", JSON.valueToTree(s.options()));
        }
        return bytes(n);
    }

    public static PluginJob readJob(byte[] data) {
        JsonNode n = tree(data, "job");
        requireVersion(n, "lacuna_job");
        String id = text(n, "job_id");
        String sha = text(n, "plugin_sha256");
        PluginKind kind = PluginKind.fromLabel(text(n, "kind"));
        return switch (text(n, "type")) {
            case "describe" -> new PluginJob.Describe(id, sha, kind);
            case "localize" -> new PluginJob.Localize(id, sha, text(n, "testbed_hash"), Testbed.modelFromJson(n.path("model")),
                    items(n.path("forget")), items(n.path("retain")), n.path("pad_id").asInt(), ints(n.path("special_ids")),
                    n.path("seed").asLong(), n.path("fraction").asDouble(), strings(n.path("options")));
            case "unlearn" -> {
                JsonNode s = n.path("settings");
                yield new PluginJob.Unlearn(id, sha, text(n, "testbed_hash"), Testbed.modelFromJson(n.path("model")),
                        items(n.path("forget")), items(n.path("retain")), items(n.path("preferred")), n.path("pad_id").asInt(),
                        Region.fromBytes(Base64.getDecoder().decode(text(n, "region"))),
                        new UnlearningSettings(s.path("learning_rate").asDouble(), s.path("epochs").asInt(),
                                s.path("min_steps").asInt(), s.path("batch_size").asInt(), s.path("weight_decay").asDouble(),
                                s.path("seed").asLong(), strings(s.path("options"))));
            }
            default -> throw new IllegalArgumentException("job: unknown type '" + n.path("type").asText() + "'");
        };
    }

    public static byte[] write(JobOutcome outcome) {
        ObjectNode n = JSON.createObjectNode();
        n.put("lacuna_outcome", VERSION);
        n.put("job_id", outcome.jobId());
        if (outcome instanceof JobOutcome.Described d) {
            n.put("type", "described");
            n.put("plugin_sha256", d.pluginSha256());
            if (Double.isFinite(d.suggestedLearningRate())) {
                n.put("suggested_learning_rate", d.suggestedLearningRate());
            } else {
                n.putNull("suggested_learning_rate");
            }
        } else if (outcome instanceof JobOutcome.Scored s) {
            n.put("type", "scored");
            n.put("plugin_sha256", s.pluginSha256());
            n.put("testbed_hash", s.testbedHash());
            n.put("scores", floats(s.scores()));
            n.put("seconds", s.seconds());
        } else if (outcome instanceof JobOutcome.Unlearned u) {
            n.put("type", "unlearned");
            n.put("plugin_sha256", u.pluginSha256());
            n.put("testbed_hash", u.testbedHash());
            n.put("steps", u.steps());
            ArrayNode rows = n.putArray("rows");
            for (float[] layer : u.rows()) {
                if (layer == null) {
                    rows.addNull();
                } else {
                    rows.add(floats(layer));
                }
            }
            n.put("seconds", u.seconds());
        } else if (outcome instanceof JobOutcome.Failed f) {
            n.put("type", "failed");
            n.put("reason", f.reason());
        }
        return bytes(n);
    }

    /**
     * Parses an outcome. Non-finite numbers are kept as they are (they are the plugin's to answer for and
     * {@link OutcomeCheck} names them); a malformed document is an {@link IllegalArgumentException}.
     */
    public static JobOutcome readOutcome(byte[] data) {
        JsonNode n = tree(data, "outcome");
        requireVersion(n, "lacuna_outcome");
        String id = text(n, "job_id");
        return switch (text(n, "type")) {
            case "described" -> new JobOutcome.Described(id, text(n, "plugin_sha256"),
                    n.path("suggested_learning_rate").isNumber() ? n.path("suggested_learning_rate").asDouble() : Double.NaN);
            case "scored" -> new JobOutcome.Scored(id, text(n, "plugin_sha256"), text(n, "testbed_hash"),
                    floats(text(n, "scores")), n.path("seconds").asDouble());
            case "unlearned" -> {
                JsonNode rows = n.path("rows");
                if (!rows.isArray()) {
                    throw new IllegalArgumentException("outcome: 'rows' is not an array");
                }
                float[][] layers = new float[rows.size()][];
                for (int l = 0; l < rows.size(); l++) {
                    layers[l] = rows.get(l).isNull() ? null : floats(rows.get(l).asText());
                }
                yield new JobOutcome.Unlearned(id, text(n, "plugin_sha256"), text(n, "testbed_hash"), n.path("steps").asInt(),
                        layers, n.path("seconds").asDouble());
            }
            case "failed" -> new JobOutcome.Failed(id, text(n, "reason"));
            default -> throw new IllegalArgumentException("outcome: unknown type '" + n.path("type").asText() + "'");
        };
    }

    public static byte[] write(SweepJob job) {
        ObjectNode n = JSON.createObjectNode();
        n.put("lacuna_sweep", VERSION);
        n.put("store", job.store());
        n.put("data_dir", job.dataDir());
        n.put("synthetic_seed", job.syntheticSeed());
        n.put("testbed_hash", job.testbedHash());
        n.put("name", job.name());
        n.put("region", Base64.getEncoder().encodeToString(job.region().toBytes()));
        n.put("learning_rate", job.learningRate());
        n.set("config", config(job.config()));
        n.put("plugin_jar", job.pluginJar());
        n.put("plugin_sha256", job.pluginSha256());
        n.put("sandboxed", job.sandboxed());
        n.set("sandbox", JSON.valueToTree(job.sandbox()));
        return bytes(n);
    }

    public static SweepJob readSweep(byte[] data) {
        JsonNode n = tree(data, "sweep job");
        requireVersion(n, "lacuna_sweep");
        ProtocolConfig config = config(n.path("config"));
        return new SweepJob(text(n, "store"), n.path("data_dir").isTextual() ? n.path("data_dir").asText() : null,
                n.path("synthetic_seed").asLong(), text(n, "testbed_hash"), text(n, "name"),
                Region.fromBytes(Base64.getDecoder().decode(text(n, "region"))), n.path("learning_rate").asDouble(), config,
                text(n, "plugin_jar"), text(n, "plugin_sha256"), n.path("sandboxed").asBoolean(true), strings(n.path("sandbox")));
    }

    private static ArrayNode items(List<EncodedItem> items) {
        ArrayNode a = JSON.createArrayNode();
        for (EncodedItem item : items) {
            ObjectNode o = a.addObject();
            o.put("id", item.id());
            ArrayNode prompt = o.putArray("prompt");
            for (int t : item.prompt()) {
                prompt.add(t);
            }
            ArrayNode answer = o.putArray("answer");
            for (int t : item.answer()) {
                answer.add(t);
            }
        }
        return a;
    }

    private static List<EncodedItem> items(JsonNode a) {
        List<EncodedItem> out = new ArrayList<>();
        for (JsonNode o : a) {
            out.add(new EncodedItem(o.path("id").asText(), ints(o.path("prompt")), ints(o.path("answer"))));
        }
        return out;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static String floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static float[] floats(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome: a float array is not valid base64", e);
        }
        if (raw.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("outcome: a float array has " + raw.length + " bytes, not a multiple of 4");
        }
        float[] out = new float[raw.length / Float.BYTES];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** The protocol settings as tasks and sweep jobs carry them: every field, so no side rebuilds one from defaults. */
    public static ObjectNode config(ProtocolConfig c) {
        ObjectNode config = JSON.createObjectNode();
        ArrayNode alphas = config.putArray("alphas");
        for (double a : c.alphas()) {
            alphas.add(a);
        }
        config.put("permutations", c.permutations());
        config.put("statistics_seed", c.statisticsSeed());
        config.put("epochs", c.epochs());
        config.put("min_steps", c.minSteps());
        config.put("batch_size", c.batchSize());
        config.put("weight_decay", c.weightDecay());
        config.put("calibration_target", c.calibrationTarget());
        config.put("grid_factor", c.gridFactor());
        config.put("grid_below", c.gridBelow());
        config.put("grid_above", c.gridAbove());
        ObjectNode options = config.putObject("options");
        c.options().forEach(options::put);
        config.set("attacks", ResultCodec.toTree(c.attacks()));
        config.put("unconstrained", c.unconstrained());
        return config;
    }

    public static ProtocolConfig config(JsonNode c) {
        JsonNode a = field(c, "alphas");
        double[] alphas = new double[a.size()];
        for (int i = 0; i < alphas.length; i++) {
            alphas[i] = a.get(i).asDouble();
        }
        Map<String, String> options = new LinkedHashMap<>();
        field(c, "options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        return new ProtocolConfig(alphas, (int) number(c, "permutations"), field(c, "statistics_seed").asLong(),
                (int) number(c, "epochs"), (int) number(c, "min_steps"), (int) number(c, "batch_size"), number(c, "weight_decay"),
                number(c, "calibration_target"), number(c, "grid_factor"), (int) number(c, "grid_below"),
                (int) number(c, "grid_above"), options, ResultCodec.fromTree(field(c, "attacks"), AttackSettings.class, "config.attacks"),
                flag(c, "unconstrained"));
    }

    /** A JSON object, or a refusal naming {@code what} it should have been. */
    public static JsonNode tree(byte[] data, String what) {
        try {
            JsonNode n = JSON.readTree(data);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static void requireVersion(JsonNode n, String field) {
        requireVersion(n, field, VERSION);
    }

    /** Refuses a document whose format version (in {@code field}) is not {@code version}. */
    public static void requireVersion(JsonNode n, String field, int version) {
        if (n.path(field).asInt(-1) != version) {
            throw new IllegalArgumentException(field + " version " + n.path(field) + " is not the supported " + version);
        }
    }

    private static boolean flag(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("'" + name + "' is " + v + ", not true or false");
        }
        return v.booleanValue();
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return v;
    }

    private static double number(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' is not a number");
        }
        return v.asDouble();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
