package dev.lacuna.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.engine.model.SafeTensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One safetensors file of a checkpoint, read as a stream. Checkpoint shards run to gigabytes, past what one Java
 * array holds, so the header is read first (names, types, shapes: everything a loader checks before it reads a
 * value) and the body is then read once, front to back, converting each tensor to float32 and hashing every byte
 * on the way, so that the identity of what was loaded is the identity of what was read.
 *
 * @param path        the file
 * @param headerBytes length of the JSON header
 * @param entries     tensors in the order of their bytes
 */
record SafetensorsFile(Path path, long headerBytes, List<Entry> entries) {

    /** One tensor's header entry. */
    record Entry(String name, SafeTensors.DType dtype, long[] shape, long begin, long end) {

        long size() {
            long n = 1;
            for (long dim : shape) {
                n *= dim;
            }
            return n;
        }
    }

    /** Receives each tensor's values, in file order. */
    @FunctionalInterface
    interface Sink {
        void accept(Entry entry, float[] values);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;
    private static final int CHUNK = 8 << 20;

    /** The header of {@code path}; refuses a malformed header, unsupported dtypes, gaps, overlaps and stray bytes. */
    static SafetensorsFile open(Path path) throws IOException {
        String file = path.getFileName().toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new IllegalArgumentException(file + ": too short for safetensors (" + fileSize + " bytes)");
            }
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, length, file);
            long headerBytes = length.flip().getLong();
            if (headerBytes < 2 || headerBytes > MAX_HEADER || 8 + headerBytes > fileSize) {
                throw new IllegalArgumentException(file + ": safetensors header length " + headerBytes
                        + " is invalid for " + fileSize + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerBytes);
            readFully(channel, header, file);
            JsonNode root;
            try {
                root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": safetensors header is not JSON", e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(file + ": safetensors header is not a JSON object");
            }
            List<Entry> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("__metadata__")) {
                    entries.add(entry(file, field.getKey(), field.getValue()));
                }
            }
            entries.sort(Comparator.comparingLong(Entry::begin));
            long body = fileSize - 8 - headerBytes;
            long expected = 0;
            for (Entry e : entries) {
                if (e.begin() != expected || e.end() - e.begin() != e.size() * e.dtype().bytes() || e.end() > body) {
                    throw new IllegalArgumentException(file + ": tensor " + e.name() + " has offsets [" + e.begin() + ", "
                            + e.end() + ") inconsistent with its shape, its neighbours or the file size (truncated?)");
                }
                expected = e.end();
            }
            if (expected != body) {
                throw new IllegalArgumentException(file + ": " + (body - expected) + " bytes after the last tensor");
            }
            return new SafetensorsFile(path, headerBytes, List.copyOf(entries));
        }
    }

    private static Entry entry(String file, String name, JsonNode node) {
        SafeTensors.DType dtype = SafeTensors.DType.named(node.path("dtype").asText("(none)"), name + " in " + file);
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new IllegalArgumentException(file + ": tensor " + name + " lacks a shape or two data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (!shapeNode.get(i).canConvertToLong() || shape[i] < 0) {
                throw new IllegalArgumentException(file + ": tensor " + name + " has shape " + shapeNode);
            }
        }
        return new Entry(name, dtype, shape, offsets.get(0).asLong(-1), offsets.get(1).asLong(-1));
    }

    /**
     * Reads the whole file once: every tensor's values, widened to float32, go to {@code sink} in file order.
     *
     * @return the SHA-256 of the file's bytes, lower-case hex
     */
    String read(Sink sink) throws IOException {
        String file = path.getFileName().toString();
        MessageDigest digest = sha256();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long head = 8 + headerBytes;
            while (head > 0) {
                chunk.clear().limit((int) Math.min(head, CHUNK));
                readFully(channel, chunk, file);
                digest.update(chunk.array(), 0, chunk.limit());
                head -= chunk.limit();
            }
            for (Entry e : entries) {
                if (e.size() > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException(file + ": tensor " + e.name() + " has " + e.size()
                            + " values, more than one Java array holds");
                }
                float[] values = new float[(int) e.size()];
                int width = e.dtype().bytes();
                int filled = 0;
                while (filled < values.length) {
                    int count = Math.min(values.length - filled, CHUNK / width);
                    chunk.clear().limit(count * width);
                    readFully(channel, chunk, file);
                    digest.update(chunk.array(), 0, chunk.limit());
                    chunk.flip();
                    if (e.dtype() == SafeTensors.DType.F32) {
                        chunk.asFloatBuffer().get(values, filled, count);
                    } else {
                        for (int i = 0; i < count; i++) {
                            values[filled + i] = e.dtype().read(chunk);
                        }
                    }
                    filled += count;
                }
                sink.accept(e, values);
            }
            if (channel.position() != channel.size()) {
                throw new IllegalArgumentException(file + " changed while it was read");
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, String file) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IllegalArgumentException(file + " ended early (truncated?)");
            }
        }
    }
}
