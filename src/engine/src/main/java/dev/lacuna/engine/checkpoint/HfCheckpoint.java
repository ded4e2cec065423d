package dev.lacuna.engine.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.Transformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Hugging Face Llama or OLMo-2 checkpoint folder read into the engine's parameters: {@code config.json} plus
 * {@code model.safetensors}, or shards listed by {@code model.safetensors.index.json}. Loading is all or nothing:
 * every tensor the architecture needs must be there, in the shape it needs, and nothing else, because a tensor
 * that is silently skipped or read transposed yields a model that runs and computes something other than the
 * checkpoint. Every refusal names the tensor, field or file at fault.
 *
 * <p>The checkpoint's identity, {@link #sha256}, is the SHA-256 of the text that {@code sha256sum} prints for
 * {@code config.json} and the safetensors files read (one line {@code "<hex>  <file name>\n"} each, in byte order of
 * the file names), so {@code sha256sum config.json model*.safetensors | sha256sum} in the folder reproduces it. The
 * index and tokenizer files are not part of it: they do not change the weights.
 *
 * @param hfConfig what {@code config.json} says
 * @param config   the engine configuration, named after the family and the first 12 hex digits of the hash
 * @param weights  float32 values by engine name, in {@link Transformer#shapes} order and layout
 * @param sha256   the checkpoint's identity (see above)
 */
public record HfCheckpoint(HfConfig hfConfig, ModelConfig config, Map<String, float[]> weights, String sha256) {

    /** The single-file layout. */
    public static final String SINGLE = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";
    /** The configuration. */
    public static final String CONFIG = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public HfCheckpoint {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** Reads {@code folder} with the checkpoint's own context ({@code max_position_embeddings}). */
    public static HfCheckpoint read(Path folder) throws IOException {
        return read(folder, Integer.MAX_VALUE);
    }

    /**
     * Reads {@code folder}; the engine's context is {@code max_position_embeddings} capped at {@code maxContext}
     * (the engine builds rotary tables and masks per forward pass, so a smaller context costs nothing in accuracy
     * and guards against sequences the caller never meant to run).
     */
    public static HfCheckpoint read(Path folder, int maxContext) throws IOException {
        Path configFile = folder.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("checkpoint folder " + folder + " has no " + CONFIG);
        }
        byte[] configBytes = Files.readAllBytes(configFile);
        HfConfig hf = HfConfig.parse(new String(configBytes, StandardCharsets.UTF_8));
        Map<String, String> index = shardIndex(folder);
        TreeSet<String> files = new TreeSet<>(index == null ? List.of(SINGLE) : index.values());

        Map<String, HfTensor> expected = new LinkedHashMap<>();
        HfTensor.layout(hf).forEach(t -> expected.put(t.hfName(), t));
        Map<String, SafetensorsFile> headers = new TreeMap<>();
        Map<String, String> found = new HashMap<>();
        for (String name : files) {
            SafetensorsFile header = SafetensorsFile.open(folder.resolve(name));
            for (SafetensorsFile.Entry e : header.entries()) {
                check(hf, expected.get(e.name()), e, name, found, index);
                found.put(e.name(), name);
            }
            headers.put(name, header);
        }
        for (String name : expected.keySet()) {
            if (!found.containsKey(name)) {
                throw new IllegalArgumentException("checkpoint lacks tensor " + name
                        + (index == null ? " (not in " + SINGLE + ")" : index.containsKey(name)
                        ? " (the index maps it to " + index.get(name) + ", which does not hold it)"
                        : " (not in " + INDEX + ")"));
            }
        }

        Map<String, float[]> byEngineName = new HashMap<>();
        StringBuilder sums = new StringBuilder(line(hex(configBytes), CONFIG));
        for (Map.Entry<String, SafetensorsFile> file : headers.entrySet()) {
            String sum = file.getValue().read((e, values) -> {
                HfTensor t = expected.get(e.name());
                byEngineName.put(t.engineName(), t.toEngine(values));
            });
            sums.append(line(sum, file.getKey()));
        }
        String sha = hex(sums.toString().getBytes(StandardCharsets.UTF_8));
        ModelConfig config = hf.modelConfig(hf.family().modelType() + "-" + sha.substring(0, 12), maxContext);
        return new HfCheckpoint(hf, config, inEngineOrder(config, byEngineName), sha);
    }

    /** A model holding these weights. */
    public Transformer load(Device device) {
        return Transformer.fromWeights(config, weights, device);
    }

    private static void check(HfConfig hf, HfTensor want, SafetensorsFile.Entry e, String file,
                              Map<String, String> found, Map<String, String> index) {
        if (want == null) {
            boolean tiedHead = e.name().equals("lm_head.weight") && hf.tiedEmbeddings();
            throw new IllegalArgumentException("checkpoint has unexpected tensor " + e.name() + " in " + file
                    + (tiedHead ? " (config.json sets tie_word_embeddings, so the output head is the embedding)"
                    : " (" + hf.family().architecture() + " has no such weight)"));
        }
        if (found.containsKey(e.name())) {
            throw new IllegalArgumentException("tensor " + e.name() + " is in both " + found.get(e.name()) + " and " + file);
        }
        if (index != null && !file.equals(index.get(e.name()))) {
            throw new IllegalArgumentException("tensor " + e.name() + " is in " + file + " but " + INDEX + " maps it to "
                    + index.get(e.name()));
        }
        long[] shape = want.hfShape();
        if (!Arrays.equals(e.shape(), shape)) {
            long[] reversed = {shape[shape.length - 1], shape[0]};
            boolean transposed = shape.length == 2 && Arrays.equals(e.shape(), reversed);
            throw new IllegalArgumentException("tensor " + e.name() + " has shape " + Arrays.toString(e.shape())
                    + ", config.json implies " + Arrays.toString(shape) + (transposed ? " (stored transposed?)" : ""));
        }
    }

    /** The index's weight map, or null for a single-file checkpoint. */
    private static Map<String, String> shardIndex(Path folder) throws IOException {
        Path indexFile = folder.resolve(INDEX);
        boolean single = Files.isRegularFile(folder.resolve(SINGLE));
        if (!Files.isRegularFile(indexFile)) {
            if (!single) {
                throw new IllegalArgumentException("checkpoint folder " + folder + " has neither " + SINGLE + " nor " + INDEX);
            }
            return null;
        }
        if (single) {
            throw new IllegalArgumentException("checkpoint folder " + folder + " has both " + SINGLE + " and " + INDEX
                    + "; which one holds the weights is ambiguous");
        }
        JsonNode map;
        try {
            map = JSON.readTree(indexFile.toFile()).path("weight_map");
        } catch (IOException e) {
            throw new IllegalArgumentException(INDEX + " is not JSON", e);
        }
        if (!map.isObject() || map.isEmpty()) {
            throw new IllegalArgumentException(INDEX + " has no weight_map object");
        }
        Map<String, String> index = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String file = e.getValue().asText("");
            if (!file.endsWith(".safetensors") || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                throw new IllegalArgumentException(INDEX + " maps tensor " + e.getKey() + " to '" + file
                        + "', not a safetensors file of the folder");
            }
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw new IllegalArgumentException(INDEX + " maps tensor " + e.getKey() + " to " + file
                        + ", which is not in the folder");
            }
            index.put(e.getKey(), file);
        }
        return index;
    }

    private static Map<String, float[]> inEngineOrder(ModelConfig config, Map<String, float[]> byName) {
        Map<String, Shape> shapes = Transformer.shapes(config);
        if (!shapes.keySet().equals(byName.keySet())) {
            throw new IllegalStateException("the engine's parameters of " + config.name() + " are " + shapes.keySet()
                    + " but the checkpoint maps to " + new TreeSet<>(byName.keySet()));
        }
        Map<String, float[]> ordered = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            float[] values = byName.get(name);
            if (values.length != shape.size()) {
                throw new IllegalStateException("engine parameter " + name + " has shape " + shape + " but the checkpoint "
                        + "gives " + values.length + " values");
            }
            ordered.put(name, values);
        });
        return ordered;
    }

    private static String line(String sha, String file) {
        return sha + "  " + file + "\n";
    }

    private static String hex(byte[] bytes) {
        MessageDigest digest = SafetensorsFile.sha256();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }
}
