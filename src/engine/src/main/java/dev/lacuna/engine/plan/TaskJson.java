package dev.lacuna.engine.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.engine.job.JobJson;
import dev.lacuna.engine.model.Region;
import dev.lacuna.results.LocalizationReport;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.results.Run;
import dev.lacuna.results.ScoreDistribution;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The versioned JSON of tasks and their outcomes, as the server stores them and workers receive and return them.
 * A task's bytes are canonical (fields in a fixed order, no whitespace), so their sha256 is the task's
 * {@link #contentKey content key}. Reading refuses a wrong version, an unknown type or a missing field by name.
 */
public final class TaskJson {

    /** Version of the task and outcome format. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskJson() {
    }

    public static String write(Task task) {
        return text(tree(task));
    }

    /** The sha256 of the task's canonical JSON: equal keys, equal tasks, equal outcomes. */
    public static String contentKey(Task task) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(write(task).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public static ObjectNode tree(Task task) {
        ObjectNode n = JSON.createObjectNode();
        n.put("lacuna_task", VERSION);
        n.put("type", task.type());
        n.set("testbed", testbed(task.testbed()));
        if (task instanceof Task.Calibration c) {
            n.set("objective", plugin(c.objective()));
            n.set("config", JobJson.config(c.config()));
        } else if (task instanceof Task.Localization l) {
            n.set("localizer", l.localizer() == null ? JSON.nullNode() : plugin(l.localizer()));
            n.set("config", JobJson.config(l.config()));
        } else if (task instanceof Task.Sweep s) {
            n.set("objective", plugin(s.objective()));
            n.put("role", s.role());
            n.put("region", s.region() == null ? null : Base64.getEncoder().encodeToString(s.region().toBytes()));
            n.put("learning_rate", s.learningRate());
            n.set("config", JobJson.config(s.config()));
        }
        return n;
    }

    public static Task readTask(String json) {
        return readTask(JobJson.tree(json.getBytes(StandardCharsets.UTF_8), "task"));
    }

    public static Task readTask(JsonNode n) {
        JobJson.requireVersion(n, "lacuna_task", VERSION);
        TestbedRef testbed = testbed(field(n, "testbed"));
        String type = text(n, "type");
        return switch (type) {
            case "testbed" -> new Task.Testbed(testbed);
            case "calibration" -> new Task.Calibration(testbed, plugin(field(n, "objective")), JobJson.config(field(n, "config")));
            case "localization" -> new Task.Localization(testbed,
                    field(n, "localizer").isNull() ? null : plugin(field(n, "localizer")), JobJson.config(field(n, "config")));
            case "sweep" -> new Task.Sweep(testbed, plugin(field(n, "objective")), text(n, "role"),
                    field(n, "region").isNull() ? null : Region.fromBytes(Base64.getDecoder().decode(text(n, "region"))),
                    number(n, "learning_rate"), JobJson.config(field(n, "config")));
            default -> throw new IllegalArgumentException("task: unknown type '" + type + "'");
        };
    }

    public static String write(TaskOutcome outcome) {
        return text(tree(outcome));
    }

    public static ObjectNode tree(TaskOutcome outcome) {
        ObjectNode n = JSON.createObjectNode();
        n.put("lacuna_outcome", VERSION);
        if (outcome instanceof TaskOutcome.TestbedReady t) {
            n.put("type", "testbed");
            n.put("hash", t.hash());
            n.put("id", t.id());
            n.put("utility", t.utility());
            n.put("manifest", t.manifest());
        } else if (outcome instanceof TaskOutcome.Calibrated c) {
            n.put("type", "calibration");
            n.set("calibration", ResultCodec.toTree(c.calibration()));
            n.put("seconds", c.seconds());
        } else if (outcome instanceof TaskOutcome.Localized l) {
            n.put("type", "localization");
            n.put("region", Base64.getEncoder().encodeToString(l.region().toBytes()));
            n.set("report", ResultCodec.toTree(l.report()));
            n.set("distribution", ResultCodec.toTree(l.distribution()));
            n.put("seconds", l.seconds());
        } else if (outcome instanceof TaskOutcome.Swept s) {
            n.put("type", "sweep");
            n.set("run", ResultCodec.toTree(s.run()));
            n.put("unlearning_seconds", s.unlearningSeconds());
            n.put("scoring_seconds", s.scoringSeconds());
            n.put("generation_seconds", s.generationSeconds());
        }
        return n;
    }

    public static TaskOutcome readOutcome(String json) {
        return readOutcome(JobJson.tree(json.getBytes(StandardCharsets.UTF_8), "outcome"));
    }

    public static TaskOutcome readOutcome(JsonNode n) {
        JobJson.requireVersion(n, "lacuna_outcome", VERSION);
        String type = text(n, "type");
        return switch (type) {
            case "testbed" -> new TaskOutcome.TestbedReady(text(n, "hash"), text(n, "id"), field(n, "utility").asBoolean(),
                    text(n, "manifest"));
            case "calibration" -> new TaskOutcome.Calibrated(
                    ResultCodec.fromTree(field(n, "calibration"), dev.lacuna.results.Calibration.class, "calibration"),
                    number(n, "seconds"));
            case "localization" -> new TaskOutcome.Localized(Region.fromBytes(Base64.getDecoder().decode(text(n, "region"))),
                    ResultCodec.fromTree(field(n, "report"), LocalizationReport.class, "report"),
                    ResultCodec.fromTree(field(n, "distribution"), ScoreDistribution.class, "distribution"), number(n, "seconds"));
            case "sweep" -> new TaskOutcome.Swept(ResultCodec.fromTree(field(n, "run"), Run.class, "run"),
                    number(n, "unlearning_seconds"), number(n, "scoring_seconds"), number(n, "generation_seconds"));
            default -> throw new IllegalArgumentException("outcome: unknown type '" + type + "'");
        };
    }

    /** An evaluation's spec, as the server keeps it so a restarted server continues the evaluation. */
    public static String write(EvaluationSpec spec) {
        ObjectNode n = JSON.createObjectNode();
        n.put("lacuna_evaluation", VERSION);
        n.put("kind", spec.kind().name().toLowerCase(java.util.Locale.ROOT));
        n.set("plugin", plugin(spec.plugin()));
        n.put("ground_truth", spec.groundTruth());
        n.set("reference", spec.reference() == null ? JSON.nullNode() : plugin(spec.reference()));
        n.put("data", spec.data());
        n.put("model", spec.model());
        ArrayNode seeds = n.putArray("seeds");
        spec.seeds().forEach(seeds::add);
        n.set("config", JobJson.config(spec.config()));
        return text(n);
    }

    public static EvaluationSpec readSpec(String json) {
        JsonNode n = JobJson.tree(json.getBytes(StandardCharsets.UTF_8), "evaluation");
        JobJson.requireVersion(n, "lacuna_evaluation", VERSION);
        java.util.List<Long> seeds = new java.util.ArrayList<>();
        field(n, "seeds").forEach(s -> seeds.add(s.asLong()));
        return new EvaluationSpec(dev.lacuna.spi.PluginKind.valueOf(text(n, "kind").toUpperCase(java.util.Locale.ROOT)),
                plugin(field(n, "plugin")), field(n, "ground_truth").asBoolean(),
                field(n, "reference").isNull() ? null : plugin(field(n, "reference")), text(n, "data"), text(n, "model"), seeds,
                JobJson.config(field(n, "config")));
    }

    private static ObjectNode testbed(TestbedRef t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("data", t.data());
        n.put("model", t.model());
        n.put("mask_seed", t.maskSeed());
        n.put("hash", t.hash());
        return n;
    }

    private static TestbedRef testbed(JsonNode n) {
        return new TestbedRef(text(n, "data"), text(n, "model"), field(n, "mask_seed").asLong(),
                field(n, "hash").isNull() ? null : text(n, "hash"));
    }

    private static ObjectNode plugin(PluginRef p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sha256", p.sha256());
        n.put("name", p.name());
        n.put("version", p.version());
        n.put("sandboxed", p.sandboxed());
        return n;
    }

    private static PluginRef plugin(JsonNode n) {
        return new PluginRef(text(n, "sha256"), text(n, "name"), text(n, "version"), field(n, "sandboxed").asBoolean());
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' is not a string");
        }
        return v.asText();
    }

    private static double number(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' is not a number");
        }
        return v.asDouble();
    }

    private static String text(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
