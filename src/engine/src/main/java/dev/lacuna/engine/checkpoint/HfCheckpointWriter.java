package dev.lacuna.engine.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.engine.model.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes checkpoint folders exactly as Hugging Face lays them out ({@code config.json}, one
 * {@code model.safetensors} or shards {@code model-0000i-of-0000n.safetensors} with
 * {@code model.safetensors.index.json}), so that tests, and pipelines that cannot download a real model, exercise
 * the loader on the real format. Random checkpoints are a pure function of the config, the seed and the dtype; their
 * values are sized so that every weight moves the logits well above float32 noise (gains near 1, Linear weights of
 * variance {@code 1/in}), which is what makes a comparison with a reference implementation able to fail; the
 * embedding and head are N(0, 1/16), which puts logits at a spread of about two units: wide enough for a softmax
 * that matters, small enough that float32 rounding stays far below a comparison's tolerance.
 */
public final class HfCheckpointWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HfCheckpointWriter() {
    }

    /**
     * Random tensors of {@code config} by Hugging Face name, in the file's ({@code out x in}) layout, in
     * {@link HfTensor#layout} order: embedding and head N(0, 1/16), norm gains 1 + N(0, 0.1), Linear weights
     * N(0, 1/in).
     */
    public static Map<String, SafeTensors.Tensor> randomTensors(HfConfig config, long seed) {
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        for (HfTensor t : HfTensor.layout(config)) {
            long[] shape = t.hfShape();
            float[] values = new float[Math.toIntExact(t.size())];
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + t.hfName().hashCode());
            boolean gain = shape.length == 1;
            double std = gain ? 0.1 : t.transposed() ? 1.0 / Math.sqrt(shape[1]) : 0.25;
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((gain ? 1.0 : 0.0) + random.nextGaussian() * std);
            }
            out.put(t.hfName(), new SafeTensors.Tensor(shape, values));
        }
        return out;
    }

    /**
     * An engine model's weights ({@code Transformer.shapes} names and layout) as the tensors of a checkpoint of
     * {@code config}: Hugging Face names, the file's layout, {@link HfTensor#layout} order.
     */
    public static Map<String, SafeTensors.Tensor> tensorsOf(HfConfig config, Map<String, float[]> weights) {
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        for (HfTensor t : HfTensor.layout(config)) {
            float[] values = weights.get(t.engineName());
            if (values == null) {
                throw new IllegalArgumentException("no engine weight " + t.engineName() + " for " + t.hfName());
            }
            out.put(t.hfName(), new SafeTensors.Tensor(t.hfShape(), t.toFile(values)));
        }
        return out;
    }

    /** A random checkpoint of {@code config} in {@code dtype}, in one file or {@code shards} shards. */
    public static void writeRandom(Path folder, HfConfig config, long seed, SafeTensors.DType dtype, int shards)
            throws IOException {
        write(folder, config.toJson(), randomTensors(config, seed), dtype, shards);
    }

    /**
     * {@code tensors} (Hugging Face names, file layout) stored as {@code dtype} with {@code configJson} as
     * {@code config.json}: one {@code model.safetensors} when {@code shards} is 1, else that many shards of
     * consecutive tensors (in the map's order) of about equal size and the index Hugging Face writes. Nothing here
     * checks the tensors against the config, so tests can write the broken checkpoints a loader must refuse.
     */
    public static void write(Path folder, String configJson, Map<String, SafeTensors.Tensor> tensors,
                             SafeTensors.DType dtype, int shards) throws IOException {
        if (shards < 1 || shards > tensors.size()) {
            throw new IllegalArgumentException("shards must be between 1 and the " + tensors.size() + " tensors, got " + shards);
        }
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(HfCheckpoint.CONFIG), configJson, StandardCharsets.UTF_8);
        if (shards == 1) {
            Files.write(folder.resolve(HfCheckpoint.SINGLE), SafeTensors.write(tensors, dtype));
            return;
        }
        long total = 0;
        for (SafeTensors.Tensor t : tensors.values()) {
            total += (long) t.values().length * dtype.bytes();
        }
        List<Map<String, SafeTensors.Tensor>> groups = new ArrayList<>();
        Map<String, SafeTensors.Tensor> group = new LinkedHashMap<>();
        long written = 0;
        int remaining = tensors.size();
        for (Map.Entry<String, SafeTensors.Tensor> e : tensors.entrySet()) {
            group.put(e.getKey(), e.getValue());
            written += (long) e.getValue().values().length * dtype.bytes();
            remaining--;
            int groupsLeft = shards - groups.size() - 1;
            boolean full = written * shards >= total * (groups.size() + 1L);
            if (groupsLeft > 0 && (full || remaining == groupsLeft)) {
                groups.add(group);
                group = new LinkedHashMap<>();
            }
        }
        groups.add(group);
        Map<String, String> weightMap = new TreeMap<>();
        for (int i = 0; i < groups.size(); i++) {
            String name = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards);
            Files.write(folder.resolve(name), SafeTensors.write(groups.get(i), dtype));
            for (String tensor : groups.get(i).keySet()) {
                weightMap.put(tensor, name);
            }
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode map = index.putObject("weight_map");
        weightMap.forEach(map::put);
        Files.writeString(folder.resolve(HfCheckpoint.INDEX),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index) + "\n", StandardCharsets.UTF_8);
    }
}
