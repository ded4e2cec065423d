package dev.lacuna.engine.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lacuna.engine.protocol.ProtocolResult.CurvePoint;
import dev.lacuna.engine.protocol.ProtocolResult.MeanSd;
import dev.lacuna.engine.protocol.ProtocolResult.Probe;
import dev.lacuna.engine.protocol.ProtocolResult.Run;
import dev.lacuna.engine.protocol.ProtocolResult.SeedOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result file of an objective or localizer evaluation, in the schema {@code docs/result-schema.json}
 * documents.
 * Key order is fixed and everything that varies between identical runs sits in {@code timings}, so two runs
 * on the same inputs give files that differ only there. Files are written to a temporary sibling and moved
 * into place, so a reader never sees half a result.
 */
public final class ResultJson {

    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson() {
    }

    /** The result as an ordered tree of maps, lists, strings, numbers, booleans and nulls. */
    public static Map<String, Object> toMap(ProtocolResult r, String device) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema_version", SCHEMA_VERSION);
        m.put("kind", "objective");
        m.put("plugin_sha256", r.pluginSha256());
        m.put("testbed_hash", combinedTestbedHash(r.seeds()));
        m.put("seeds", r.seeds().stream().map(SeedOutcome::maskSeed).toList());
        m.put("summary", summary(r));
        m.put("plugin", plugin(r.pluginName(), r.pluginVersion(), r.pluginSha256()));
        m.put("testbed", r.testbedId());
        m.put("device", device);
        m.put("sandboxed", r.sandboxed());
        m.put("utility", utility(r.utilityAvailable(), r.utilityNote()));
        m.put("settings", settings(r.config()));
        m.put("calibration", calibration(r.calibration()));
        List<Object> perSeed = new ArrayList<>();
        for (SeedOutcome s : r.seeds()) {
            Map<String, Object> seed = new LinkedHashMap<>();
            seed.put("mask_seed", s.maskSeed());
            seed.put("testbed_hash", s.testbedHash());
            seed.put("random_region_seed", s.randomRegionSeed());
            seed.put("oracle", run(s.oracle()));
            seed.put("random", run(s.random()));
            perSeed.add(seed);
        }
        m.put("per_seed", perSeed);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("total_seconds", r.timings().total());
        t.put("calibration_seconds", r.timings().calibration());
        t.put("unlearning_seconds", r.timings().unlearning());
        t.put("mixing_evaluation_seconds", r.timings().mixingEvaluation());
        t.put("generation_seconds", r.timings().generation());
        t.put("statistics_seconds", r.timings().statistics());
        m.put("timings", t);
        return m;
    }

    /** A localizer evaluation's result as an ordered tree, the same top-level layout as an objective's. */
    public static Map<String, Object> toMap(LocalizerResult r, String device) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema_version", SCHEMA_VERSION);
        m.put("kind", "localizer");
        m.put("plugin_sha256", r.pluginSha256());
        m.put("testbed_hash", combinedHash(r.seeds().stream().map(s -> s.maskSeed()).toList(),
                r.seeds().stream().map(LocalizerResult.SeedOutcome::testbedHash).toList()));
        m.put("seeds", r.seeds().stream().map(LocalizerResult.SeedOutcome::maskSeed).toList());
        m.put("summary", localizerSummary(r.summary()));
        m.put("plugin", plugin(r.pluginName(), r.pluginVersion(), r.pluginSha256()));
        Map<String, Object> reference = plugin(r.reference().name(), r.reference().version(), r.reference().sha256());
        m.put("reference_objective", reference);
        m.put("ground_truth_granted", r.groundTruthGranted());
        m.put("unlearning", r.unlearned());
        m.put("testbed", r.testbedId());
        m.put("device", device);
        m.put("sandboxed", r.sandboxed());
        m.put("utility", utility(r.utilityAvailable(), r.utilityNote()));
        m.put("settings", settings(r.config()));
        m.put("calibration", r.unlearned() ? calibration(r.calibration()) : null);
        List<Object> perSeed = new ArrayList<>();
        for (LocalizerResult.SeedOutcome s : r.seeds()) {
            Map<String, Object> seed = new LinkedHashMap<>();
            seed.put("mask_seed", s.maskSeed());
            seed.put("testbed_hash", s.testbedHash());
            seed.put("random_region_seed", s.randomRegionSeed());
            seed.put("region_size", s.regionSize());
            seed.put("localization", localization(s.localization()));
            seed.put("score_distribution", distribution(s.distribution()));
            seed.put("localized", r.unlearned() ? run(s.localized()) : null);
            seed.put("oracle", r.unlearned() ? run(s.oracle()) : null);
            seed.put("random", r.unlearned() ? run(s.random()) : null);
            perSeed.add(seed);
        }
        m.put("per_seed", perSeed);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("total_seconds", r.timings().total());
        t.put("calibration_seconds", r.timings().calibration());
        t.put("localization_seconds", r.timings().localization());
        t.put("unlearning_seconds", r.timings().unlearning());
        t.put("mixing_evaluation_seconds", r.timings().mixingEvaluation());
        t.put("generation_seconds", r.timings().generation());
        t.put("statistics_seconds", r.timings().statistics());
        m.put("timings", t);
        return m;
    }

    public static String toJson(LocalizerResult r, String device) {
        return write(toMap(r, device));
    }

    /** A short human-readable table of a localizer's summary. */
    public static String toMarkdown(LocalizerResult r, String device) {
        LocalizerResult.Summary s = r.summary();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "## %s %s on %s%n%n", r.pluginName(), r.pluginVersion(), r.testbedId()));
        List<Long> seeds = r.seeds().stream().map(LocalizerResult.SeedOutcome::maskSeed).toList();
        if (r.unlearned()) {
            b.append(String.format(Locale.ROOT, "Seeds %s, reference objective %s, learning rate %.3g, device %s.%n%n",
                    seeds, r.reference().name(), r.calibration().learningRate(), device));
        } else {
            b.append(String.format(Locale.ROOT, "Seeds %s, localization only (no unlearning), device %s.%n%n", seeds, device));
        }
        b.append(String.format(Locale.ROOT, "Localization: precision@p %s, recall %s, AP %s, AUROC %s.%n%n",
                meanSd(s.precision()), meanSd(s.recall()), meanSd(s.averagePrecision()), meanSd(s.auroc())));
        if (r.unlearned()) {
            b.append("| metric | localized | Random | Oracle | p vs Random | p vs Oracle |\n|---|---|---|---|---|---|\n");
            b.append(String.format(Locale.ROOT, "| AUES | %s | %s | %s | %.4f | %.4f |%n", meanSd(s.auesLocalized()),
                    meanSd(s.auesRandom()), meanSd(s.auesOracle()), s.auesVsRandom().p(), s.auesVsOracle().p()));
            b.append(String.format(Locale.ROOT, "| MU95 (log10 FQ) | %s | %s | %s | %s | %s |%n", meanSd(s.mu95Localized()),
                    meanSd(s.mu95Random()), meanSd(s.mu95Oracle()), s.mu95VsRandom() == null ? "n/a" : number(s.mu95VsRandom().p()),
                    s.mu95VsOracle() == null ? "n/a" : number(s.mu95VsOracle().p())));
        }
        b.append("\n| layer | precision |\n|---|---|\n");
        for (int l = 0; l < s.perLayerPrecision().size(); l++) {
            b.append(String.format(Locale.ROOT, "| %d | %s |%n", l, number(s.perLayerPrecision().get(l))));
        }
        if (!r.utilityAvailable()) {
            b.append("\n").append(r.utilityNote()).append(".\n");
        }
        return b.toString();
    }

    private static Map<String, Object> localizerSummary(LocalizerResult.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision_at_p", s.precision().mean());
        m.put("recall", s.recall().mean());
        m.put("average_precision", s.averagePrecision().mean());
        m.put("auroc", s.auroc().mean());
        m.put("aues_localized", mean(s.auesLocalized()));
        m.put("aues_random", mean(s.auesRandom()));
        m.put("aues_oracle", mean(s.auesOracle()));
        m.put("aues_delta_vs_random", delta(s.auesVsRandom()));
        m.put("aues_p_vs_random", p(s.auesVsRandom()));
        m.put("aues_delta_vs_oracle", delta(s.auesVsOracle()));
        m.put("aues_p_vs_oracle", p(s.auesVsOracle()));
        m.put("mu95_localized", mean(s.mu95Localized()));
        m.put("mu95_random", mean(s.mu95Random()));
        m.put("mu95_oracle", mean(s.mu95Oracle()));
        m.put("mu95_delta_vs_random", delta(s.mu95VsRandom()));
        m.put("mu95_p_vs_random", p(s.mu95VsRandom()));
        m.put("mu95_delta_vs_oracle", delta(s.mu95VsOracle()));
        m.put("mu95_p_vs_oracle", p(s.mu95VsOracle()));
        m.put("precision_at_p_sd", s.precision().sd());
        m.put("auroc_sd", s.auroc().sd());
        m.put("aues_localized_sd", sd(s.auesLocalized()));
        m.put("aues_random_sd", sd(s.auesRandom()));
        m.put("aues_oracle_sd", sd(s.auesOracle()));
        m.put("per_layer_precision", s.perLayerPrecision());
        m.put("permutations", s.permutations());
        m.put("statistics_seed", s.statisticsSeed());
        return m;
    }

    private static Double mean(MeanSd v) {
        return v == null ? null : v.mean();
    }

    private static Double sd(MeanSd v) {
        return v == null ? null : v.sd();
    }

    private static Double delta(LocalizerResult.Gap gap) {
        return gap == null ? null : gap.delta();
    }

    private static Double p(LocalizerResult.Gap gap) {
        return gap == null ? null : gap.p();
    }

    private static Map<String, Object> localization(dev.lacuna.engine.metrics.Localization.Report report) {
        Map<String, Object> m = new LinkedHashMap<>(scores(report.overall()));
        List<Object> layers = new ArrayList<>();
        for (int l = 0; l < report.perLayer().size(); l++) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("layer", l);
            layer.putAll(scores(report.perLayer().get(l)));
            layers.add(layer);
        }
        m.put("per_layer", layers);
        return m;
    }

    private static Map<String, Object> scores(dev.lacuna.engine.metrics.Localization.Scores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", s.precision());
        m.put("recall", s.recall());
        m.put("average_precision", s.averagePrecision());
        m.put("auroc", s.auroc());
        return m;
    }

    private static Map<String, Object> distribution(LocalizerResult.ScoreDistribution d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", d.min());
        m.put("max", d.max());
        m.put("bins", d.inRegion().length);
        m.put("in_region", java.util.Arrays.stream(d.inRegion()).boxed().toList());
        m.put("out_of_region", java.util.Arrays.stream(d.outOfRegion()).boxed().toList());
        m.put("in_region_mean", mean(d.inRegionScore()));
        m.put("in_region_sd", sd(d.inRegionScore()));
        m.put("out_of_region_mean", mean(d.outOfRegionScore()));
        m.put("out_of_region_sd", sd(d.outOfRegionScore()));
        return m;
    }

    private static Map<String, Object> utility(boolean available, String note) {
        Map<String, Object> utility = new LinkedHashMap<>();
        utility.put("available", available);
        utility.put("note", note);
        return utility;
    }

    private static Map<String, Object> plugin(String name, String version, String sha256) {
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("name", name);
        plugin.put("version", version);
        plugin.put("sha256", sha256);
        return plugin;
    }

    /**
     * The testbeds of a multi-seed result as one hash: sha256 over the lines {@code mask_seed + "\n" +
     * testbed_hash + "\n"} in seed order. Each seed's own hash is in {@code per_seed}.
     */
    public static String combinedTestbedHash(List<SeedOutcome> seeds) {
        return combinedHash(seeds.stream().map(s -> s.maskSeed()).toList(),
                seeds.stream().map(SeedOutcome::testbedHash).toList());
    }

    private static String combinedHash(List<Long> maskSeeds, List<String> hashes) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < hashes.size(); i++) {
            lines.append(maskSeeds.get(i)).append('\n').append(hashes.get(i)).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toJson(ProtocolResult r, String device) {
        return write(toMap(r, device));
    }

    private static String write(Map<String, Object> tree) {
        try {
            return JSON.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the result", e);
        }
    }

    /** Writes {@code text} to {@code target} through a temporary file in the same folder and an atomic rename. */
    public static void writeAtomically(Path target, String text) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temp = null;
        try {
            Files.createDirectories(folder);
            temp = Files.createTempFile(folder, "." + absolute.getFileName(), ".partial");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result to " + target, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temporary file is hidden and named .partial; nothing reads it
                }
            }
        }
    }

    /**
     * Reads back what {@link #run(Run)} wrote; {@code name} is the region's role. A missing or mistyped field
     * (a number that is absent or not a number, a nullable one that is neither null nor a number) is refused
     * with an {@link IllegalArgumentException} naming it, never read as 0.
     */
    public static Run readRun(com.fasterxml.jackson.databind.JsonNode node, String name) {
        com.fasterxml.jackson.databind.JsonNode points = field(node, "curve", name);
        if (!points.isArray()) {
            throw new IllegalArgumentException(refused(name, "curve") + "is not an array: " + points);
        }
        List<CurvePoint> curve = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode p = points.get(i);
            String at = "curve[" + i + "].";
            curve.add(new CurvePoint(requiredNumber(p, at + "alpha", name), requiredNumber(p, at + "fs", name),
                    requiredNumber(p, at + "rs", name), nullableNumber(p, at + "mu", name), nullableNumber(p, at + "log10_fq", name)));
        }
        com.fasterxml.jackson.databind.JsonNode size = field(node, "region_size", name);
        if (!size.isIntegralNumber() || !size.canConvertToInt()) {
            throw new IllegalArgumentException(refused(name, "region_size") + "is not an integer: " + size);
        }
        com.fasterxml.jackson.databind.JsonNode reached = field(node, "mu95_reached", name);
        if (!reached.isNull() && !reached.isBoolean()) {
            throw new IllegalArgumentException(refused(name, "mu95_reached") + "is neither null nor a boolean: " + reached);
        }
        return new Run(name, size.intValue(), curve, requiredNumber(node, "aues", name), nullableNumber(node, "mu95", name),
                reached.isNull() ? null : reached.booleanValue());
    }

    /** The named field of {@code node} (the last part of a dotted path); absent is refused. */
    private static com.fasterxml.jackson.databind.JsonNode field(com.fasterxml.jackson.databind.JsonNode node, String path,
                                                                 String run) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        com.fasterxml.jackson.databind.JsonNode value = node == null || !node.isObject() ? null : node.get(key);
        if (value == null) {
            throw new IllegalArgumentException(refused(run, path) + "is missing");
        }
        return value;
    }

    private static double requiredNumber(com.fasterxml.jackson.databind.JsonNode node, String path, String run) {
        com.fasterxml.jackson.databind.JsonNode value = field(node, path, run);
        if (!value.isNumber()) {
            throw new IllegalArgumentException(refused(run, path) + "is not a number: " + value);
        }
        return value.doubleValue();
    }

    private static Double nullableNumber(com.fasterxml.jackson.databind.JsonNode node, String path, String run) {
        com.fasterxml.jackson.databind.JsonNode value = field(node, path, run);
        if (value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(refused(run, path) + "is neither null nor a number: " + value);
        }
        return value.doubleValue();
    }

    private static String refused(String run, String path) {
        return "cannot read the " + run + " run: field '" + path + "' ";
    }

    /** A short human-readable table of the summary. */
    public static String toMarkdown(ProtocolResult r, String device) {
        ProtocolResult.Summary s = r.summary();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "## %s %s on %s%n%n", r.pluginName(), r.pluginVersion(), r.testbedId()));
        b.append(String.format(Locale.ROOT, "Seeds %s, learning rate %.3g (seed %d%s), device %s.%n%n",
                r.seeds().stream().map(SeedOutcome::maskSeed).toList(), r.calibration().learningRate(), r.calibration().seed(),
                !r.calibration().calibrated() ? ", fixed by the user" : r.calibration().reached() ? "" : ", FS target not reached",
                device));
        b.append("| metric | Oracle | Random | abs. Delta | p |\n|---|---|---|---|---|\n");
        b.append(String.format(Locale.ROOT, "| AUES | %s | %s | %.4f | %.4f |%n", meanSd(s.auesOracle()), meanSd(s.auesRandom()),
                s.auesDelta(), s.auesP()));
        b.append(String.format(Locale.ROOT, "| MU95 (log10 FQ) | %s | %s | %s | %s |%n", meanSd(s.mu95Oracle()),
                meanSd(s.mu95Random()), number(s.mu95Delta()), number(s.mu95P())));
        if (!r.utilityAvailable()) {
            b.append("\n").append(r.utilityNote()).append(".\n");
        }
        return b.toString();
    }

    private static String meanSd(MeanSd v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f ± %.4f", v.mean(), v.sd());
    }

    private static String number(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static Map<String, Object> summary(ProtocolResult r) {
        ProtocolResult.Summary s = r.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("aues_oracle", s.auesOracle().mean());
        m.put("aues_random", s.auesRandom().mean());
        m.put("aues_delta", s.auesDelta());
        m.put("aues_p", s.auesP());
        m.put("mu95_oracle", mean(s.mu95Oracle()));
        m.put("mu95_random", mean(s.mu95Random()));
        m.put("mu95_delta", s.mu95Delta());
        m.put("mu95_p", s.mu95P());
        m.put("aues_oracle_sd", s.auesOracle().sd());
        m.put("aues_random_sd", s.auesRandom().sd());
        m.put("mu95_oracle_sd", sd(s.mu95Oracle()));
        m.put("mu95_random_sd", sd(s.mu95Random()));
        m.put("permutations", s.permutations());
        m.put("statistics_seed", s.statisticsSeed());
        return m;
    }

    private static Map<String, Object> settings(ProtocolConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Double> alphas = new ArrayList<>();
        for (double a : c.alphas()) {
            alphas.add(a);
        }
        m.put("alphas", alphas);
        m.put("epochs", c.epochs());
        m.put("min_steps", c.minSteps());
        m.put("batch_size", c.batchSize());
        m.put("weight_decay", c.weightDecay());
        m.put("calibration_target_fs", c.calibrationTarget());
        m.put("calibration_grid_factor", c.gridFactor());
        m.put("options", new java.util.TreeMap<>(c.options()));
        return m;
    }

    private static Map<String, Object> calibration(ProtocolResult.Calibration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("learning_rate", c.learningRate());
        m.put("calibrated", c.calibrated());
        m.put("seed", c.seed());
        m.put("reached_target", c.reached());
        m.put("suggested_learning_rate", c.suggested());
        List<Object> probes = new ArrayList<>();
        for (Probe p : c.probes()) {
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put("learning_rate", p.learningRate());
            probe.put("fs", p.fs());
            probes.add(probe);
        }
        m.put("probes", probes);
        return m;
    }

    /** One run in the result layout (also how a child process hands a sweep back). */
    public static Map<String, Object> run(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region_size", run.regionSize());
        m.put("aues", run.aues());
        m.put("mu95", run.mu95());
        m.put("mu95_reached", run.mu95Reached());
        List<Object> curve = new ArrayList<>();
        for (CurvePoint p : run.curve()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("alpha", p.alpha());
            point.put("fs", p.fs());
            point.put("rs", p.rs());
            point.put("mu", p.mu());
            point.put("log10_fq", p.log10Fq());
            curve.add(point);
        }
        m.put("curve", curve);
        return m;
    }
}
