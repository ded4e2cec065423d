package dev.lacuna.engine.model;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Float32 tensors in the safetensors format, the format Hugging Face checkpoints use, so that weights
 * written here open in Python tooling. Tensors are written sorted by name with a space-padded header, which
 * makes the bytes a pure function of the weights: a testbed's content hash depends on nothing else.
 */
public final class SafeTensors {

    /** One tensor: its shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long size = 1;
            for (long dim : shape) {
                size *= dim;
            }
            if (size != values.length) {
                throw new IllegalArgumentException("shape holds " + size + " values, got " + values.length);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    public static byte[] write(Map<String, Tensor> tensors) {
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        boolean first = true;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            long bytes = 4L * e.getValue().values().length;
            header.append(first ? "" : ",").append(JSON.valueToTree(e.getKey()).toString())
                    .append(":{\"dtype\":\"F32\",\"shape\":[");
            long[] shape = e.getValue().shape();
            for (int i = 0; i < shape.length; i++) {
                header.append(i == 0 ? "" : ",").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            first = false;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] headerBytes = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(headerBytes, json.length, headerBytes.length, (byte) ' ');
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + headerBytes.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerBytes.length);
        out.put(headerBytes);
        for (Tensor t : sorted.values()) {
            out.asFloatBuffer().put(t.values());
            out.position(out.position() + 4 * t.values().length);
        }
        return out.array();
    }

    /** A model's weights. */
    public static byte[] write(Transformer model) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.parameters().forEach((name, array) -> tensors.put(name, new Tensor(array.getShape().getShape(), array.toFloatArray())));
        return write(tensors);
    }

    /** Tensors in file order; rejects other dtypes, overlapping or out-of-range offsets and trailing bytes. */
    public static Map<String, Tensor> read(byte[] data) {
        if (data.length < 8) {
            throw new IllegalArgumentException("safetensors data too short: " + data.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > data.length) {
            throw new IllegalArgumentException("safetensors header length " + headerLength + " is invalid for "
                    + data.length + " bytes");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(data, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("safetensors header is not JSON", e);
        }
        long body = data.length - 8 - headerLength;
        record Entry(String name, long[] shape, long begin, long end) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode node = field.getValue();
            if (!"F32".equals(node.path("dtype").asText())) {
                throw new IllegalArgumentException("tensor " + field.getKey() + " has dtype " + node.path("dtype")
                        + "; only F32 is supported");
            }
            long[] shape = new long[node.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = node.path("shape").get(i).asLong();
            }
            JsonNode offsets = node.path("data_offsets");
            entries.add(new Entry(field.getKey(), shape, offsets.path(0).asLong(-1), offsets.path(1).asLong(-1)));
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        Map<String, Tensor> out = new LinkedHashMap<>();
        long expected = 0;
        for (Entry e : entries) {
            long size = 1;
            for (long dim : e.shape()) {
                size *= dim;
            }
            if (e.begin() != expected || e.end() - e.begin() != 4 * size || e.end() > body) {
                throw new IllegalArgumentException("tensor " + e.name() + " has offsets [" + e.begin() + ", "
                        + e.end() + ") inconsistent with its shape or the file size (truncated?)");
            }
            float[] values = new float[(int) size];
            ByteBuffer slice = ByteBuffer.wrap(data, (int) (8 + headerLength + e.begin()), (int) (4 * size))
                    .order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(values);
            out.put(e.name(), new Tensor(e.shape(), values));
            expected = e.end();
        }
        if (expected != body) {
            throw new IllegalArgumentException("safetensors data has " + (body - expected) + " bytes after the last tensor");
        }
        return out;
    }

    /** A model of {@code config} from safetensors bytes. */
    public static Transformer readModel(ModelConfig config, byte[] data, Device device) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        Map<String, Tensor> tensors = read(data);
        Transformer.shapes(config).forEach((name, shape) -> {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("checkpoint lacks tensor " + name + " of config " + config.name());
            }
            if (!Arrays.equals(t.shape(), shape.getShape())) {
                throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(t.shape())
                        + ", config " + config.name() + " expects " + shape);
            }
            weights.put(name, t.values());
        });
        if (tensors.size() != weights.size()) {
            throw new IllegalArgumentException("checkpoint has tensors that config " + config.name() + " does not know");
        }
        return Transformer.fromWeights(config, weights, device);
    }
}
