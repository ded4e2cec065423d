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
 * Tensors in the safetensors format, the format Hugging Face checkpoints use, so that weights written here open in
 * Python tooling. Values are float32 in memory; on disk they are F32 (what testbeds store) or, for checkpoints,
 * BF16 or F16, converted here rather than by the native library so that the bits do not depend on it. Tensors are
 * written sorted by name with a space-padded header, which makes the bytes a pure function of the weights: a
 * testbed's content hash depends on nothing else.
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

    /**
     * A value type of the file body. Checkpoints ship in bfloat16 (the upper half of a float32, so widening is
     * exact), float16 or float32; every one widens to float32 exactly, which is why the engine can hold them all.
     */
    public enum DType {
        F32(4), F16(2), BF16(2);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per value. */
        public int bytes() {
            return bytes;
        }

        /** The type a header names, or an error naming the tensor and the type. */
        public static DType named(String dtype, String tensor) {
            for (DType t : values()) {
                if (t.name().equals(dtype)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("tensor " + tensor + " has dtype " + dtype
                    + "; supported: F32, F16, BF16");
        }

        /** The next value of {@code in} (little-endian), widened to float32. */
        public float read(ByteBuffer in) {
            return switch (this) {
                case F32 -> in.getFloat();
                case F16 -> f16ToFloat(in.getShort());
                case BF16 -> bf16ToFloat(in.getShort());
            };
        }

        /** {@code value} rounded to this type (nearest, ties to even), appended to {@code out} (little-endian). */
        public void write(float value, ByteBuffer out) {
            switch (this) {
                case F32 -> out.putFloat(value);
                case F16 -> out.putShort(floatToF16(value));
                case BF16 -> out.putShort(floatToBf16(value));
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    /** A bfloat16 widened: its 16 bits are the upper half of the float32, the lower half zero. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** The bfloat16 nearest {@code value}, ties to even; NaN stays a (quiet) NaN. */
    public static short floatToBf16(float value) {
        int f = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((f >>> 16) | 0x40);
        }
        int rounded = f + 0x7FFF + ((f >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    /**
     * An IEEE half widened (Java 17 has no {@code Float.float16ToFloat}): 1 sign bit, 5 exponent bits of bias 15,
     * 10 mantissa bits; subnormals are {@code mantissa * 2^-24}, which float32 holds exactly.
     */
    public static float f16ToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** The IEEE half nearest {@code value}, ties to even; beyond the largest half it is infinite, NaN stays NaN. */
    public static short floatToF16(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int exponent = (f >>> 23) & 0xFF;
        int mantissa = f & 0x7FFFFF;
        if (exponent == 0xFF) {
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            // A half subnormal m * 2^-24: m is the float's significand (implicit bit included) shifted right.
            int shift = 14 - e;
            if (exponent == 0 || shift > 24) {
                return (short) sign;
            }
            int significand = mantissa | 0x800000;
            int m = significand >>> shift;
            int rest = significand & ((1 << shift) - 1);
            int half = 1 << (shift - 1);
            if (rest > half || (rest == half && (m & 1) == 1)) {
                m++;
            }
            return (short) (sign | m);
        }
        int out = (e << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (out & 1) == 1)) {
            out++;
        }
        return (short) (sign | out);
    }

    /** Float32 tensors: the format of testbeds, whose bytes must not change. */
    public static byte[] write(Map<String, Tensor> tensors) {
        return write(tensors, DType.F32);
    }

    /** Tensors stored as {@code dtype}, each value rounded to it (nearest, ties to even). */
    public static byte[] write(Map<String, Tensor> tensors, DType dtype) {
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        boolean first = true;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            long bytes = (long) dtype.bytes() * e.getValue().values().length;
            header.append(first ? "" : ",").append(JSON.valueToTree(e.getKey()).toString())
                    .append(":{\"dtype\":\"").append(dtype.name()).append("\",\"shape\":[");
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
            if (dtype == DType.F32) {
                out.asFloatBuffer().put(t.values());
                out.position(out.position() + 4 * t.values().length);
            } else {
                for (float v : t.values()) {
                    dtype.write(v, out);
                }
            }
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
