package dev.lacuna.results;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads and writes result files ({@code docs/result-schema.json}) as {@link Result} records.
 *
 * <p>The mapping is the records' own shape: a record is a JSON object whose keys are its components' names in
 * snake_case ({@code mu95PVsRandom} is {@code mu95_p_vs_random}), in component order; {@code double} and
 * {@code Double} are JSON numbers, {@code int} and {@code long} integers, lists arrays and maps objects. Only
 * components marked {@link Nullable} may be null, only those marked {@link OptionalKey} may be absent. The text is
 * Jackson's indented form with a trailing newline, numbers in their shortest exact form, so a double survives a
 * write and a read bit for bit, and the harness's files read and write back byte for byte.
 *
 * <p>{@link #read} refuses, with an {@link IllegalArgumentException} naming the JSON path (as in
 * {@code per_seed[1].oracle.curve[3].fs}), a missing key, an unknown key, a null where none is allowed, a value of
 * the wrong type (a fractional region size, a string for a number) and any {@code schema_version} but
 * {@value Result#SCHEMA_VERSION}; it never defaults to 0 or null. The value ranges the schema states (units,
 * probabilities, hash patterns) are {@link ResultSchema}'s to check.
 */
public final class ResultCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResultCodec() {
    }

    /** The result file's text, as {@code ./lacuna evaluate} writes it. */
    public static String write(Result result) {
        try {
            return JSON.writeValueAsString(toTree((Record) result)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the result", e);
        }
    }

    /** Reads a result file's text: an {@link ObjectiveResult} or a {@link LocalizerResult}, by its {@code kind}. */
    public static Result read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the result is not a JSON object");
        }
        JsonNode version = root.get("schema_version");
        if (version == null) {
            throw refused("schema_version", "is missing");
        }
        if (!version.isIntegralNumber() || version.asLong() != Result.SCHEMA_VERSION) {
            throw refused("schema_version", "is " + version + ", not " + Result.SCHEMA_VERSION
                    + ": an unknown version of the result schema");
        }
        JsonNode kind = root.get("kind");
        if (kind == null) {
            throw refused("kind", "is missing");
        }
        if (ObjectiveResult.KIND.equals(kind.textValue())) {
            return fromTree(root, ObjectiveResult.class, "");
        }
        if (LocalizerResult.KIND.equals(kind.textValue())) {
            return fromTree(root, LocalizerResult.class, "");
        }
        throw refused("kind", "is " + kind + ", neither \"" + ObjectiveResult.KIND + "\" nor \"" + LocalizerResult.KIND + "\"");
    }

    /**
     * Any record of this package as a JSON tree, for files that embed one (a sweep child hands back its {@link Run}
     * this way).
     */
    public static ObjectNode toTree(Record value) {
        return writeRecord(value, "");
    }

    /**
     * Reads a record of this package from a tree, refusing as {@link #read} does.
     *
     * @param path where {@code node} sits in its document, for messages ({@code ""} at the root)
     */
    public static <R extends Record> R fromTree(JsonNode node, Class<R> type, String path) {
        if (node == null || node.isMissingNode()) {
            throw refused(path, "is missing");
        }
        return type.cast(scalarOrRecord(node, type, false, path));
    }

    /**
     * The testbeds of a multi-seed result as one hash: sha256 over the lines {@code mask_seed LF testbed_hash LF} of
     * every seed, in seed order, as lowercase hex. Each seed's own hash is in {@code per_seed}.
     */
    public static String combinedTestbedHash(List<? extends SeedResult> seeds) {
        return combinedTestbedHash(seeds.stream().map(SeedResult::maskSeed).toList(),
                seeds.stream().map(SeedResult::testbedHash).toList());
    }

    /** {@link #combinedTestbedHash(List)} of mask seeds and their testbeds' hashes, paired by index. */
    public static String combinedTestbedHash(List<Long> maskSeeds, List<String> testbedHashes) {
        if (maskSeeds.size() != testbedHashes.size()) {
            throw new IllegalArgumentException(maskSeeds.size() + " mask seeds but " + testbedHashes.size() + " testbed hashes");
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < maskSeeds.size(); i++) {
            lines.append(maskSeeds.get(i)).append('\n').append(testbedHashes.get(i)).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
            throw new UncheckedIOException("cannot write " + target, e);
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

    /** The JSON key of a record component: {@code mu95PVsRandom} is {@code mu95_p_vs_random}. */
    public static String key(String component) {
        StringBuilder key = new StringBuilder();
        for (char c : component.toCharArray()) {
            if (Character.isUpperCase(c)) {
                key.append('_').append(Character.toLowerCase(c));
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static ObjectNode writeRecord(Record value, String path) {
        ObjectNode node = NODES.objectNode();
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
            boolean nullable = c.getAnnotatedType().isAnnotationPresent(Nullable.class);
            if (v == null && c.isAnnotationPresent(OptionalKey.class) && !nullable) {
                continue;
            }
            String key = key(c.getName());
            node.set(key, write(v, c.getAnnotatedType(), child(path, key)));
        }
        return node;
    }

    private static JsonNode write(Object value, AnnotatedType type, String path) {
        if (value == null) {
            if (type.isAnnotationPresent(Nullable.class)) {
                return NullNode.getInstance();
            }
            throw new IllegalArgumentException("cannot write field '" + path + "': it is null");
        }
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("cannot write field '" + path + "': " + d + " is no JSON number");
            }
            return DoubleNode.valueOf(d);
        }
        if (value instanceof Integer i) {
            return IntNode.valueOf(i);
        }
        if (value instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (value instanceof String s) {
            return TextNode.valueOf(s);
        }
        if (value instanceof Record r) {
            return writeRecord(r, path);
        }
        AnnotatedType[] arguments = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments();
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            for (int i = 0; i < list.size(); i++) {
                array.add(write(list.get(i), arguments[0], path + "[" + i + "]"));
            }
            return array;
        }
        ObjectNode map = NODES.objectNode();
        ((Map<?, ?>) value).forEach((k, v) -> map.set((String) k, write(v, arguments[1], child(path, (String) k))));
        return map;
    }

    private static Object read(JsonNode node, AnnotatedType type, String path) {
        return read(node, type, type.isAnnotationPresent(Nullable.class), path);
    }

    private static Object read(JsonNode node, AnnotatedType type, boolean nullable, String path) {
        if (node.isNull() && nullable) {
            return null;
        }
        Class<?> raw = raw(type.getType());
        if (raw == List.class) {
            expect(node.isArray(), node, nullable, "an array", path);
            AnnotatedType element = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                list.add(read(node.get(i), element, path + "[" + i + "]"));
            }
            return list;
        }
        if (raw == Map.class) {
            expect(node.isObject(), node, nullable, "an object", path);
            AnnotatedType value = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments()[1];
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), read(e.getValue(), value, child(path, e.getKey())));
            }
            return map;
        }
        return scalarOrRecord(node, raw, nullable, path);
    }

    private static Object scalarOrRecord(JsonNode node, Class<?> raw, boolean nullable, String path) {
        if (raw == double.class || raw == Double.class) {
            expect(node.isNumber(), node, nullable, "a number", path);
            expect(Double.isFinite(node.doubleValue()), node, nullable, "a finite number", path);
            return node.doubleValue();
        }
        if (raw == int.class || raw == Integer.class) {
            expect(node.isIntegralNumber() && node.canConvertToInt(), node, nullable, "an integer", path);
            return node.intValue();
        }
        if (raw == long.class || raw == Long.class) {
            expect(node.isIntegralNumber() && node.canConvertToLong(), node, nullable, "an integer", path);
            return node.longValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            expect(node.isBoolean(), node, nullable, "a boolean", path);
            return node.booleanValue();
        }
        if (raw == String.class) {
            expect(node.isTextual(), node, nullable, "a string", path);
            return node.textValue();
        }
        if (raw.isRecord()) {
            expect(node.isObject(), node, nullable, "an object", path);
            return readRecord(node, raw, path);
        }
        throw new IllegalStateException("no JSON mapping for " + raw);
    }

    private static Object readRecord(JsonNode node, Class<?> type, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Set<String> keys = Stream.of(components).map(c -> key(c.getName())).collect(Collectors.toSet());
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw refused(child(path, name), "is not a field of the result schema here");
            }
        }
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = key(c.getName());
            JsonNode value = node.get(key);
            if (value == null) {
                if (!c.isAnnotationPresent(OptionalKey.class)) {
                    throw refused(child(path, key), "is missing");
                }
                continue;
            }
            values[i] = read(value, c.getAnnotatedType(), child(path, key));
        }
        try {
            return type.getDeclaredConstructor(Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new))
                    .newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException refusal) {
                throw new IllegalArgumentException((path.isEmpty() ? "the result" : "field '" + path + "'") + ": "
                        + refusal.getMessage());
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " at '" + path + "'", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static void expect(boolean ok, JsonNode node, boolean nullable, String what, String path) {
        if (!ok) {
            throw refused(path, (nullable ? "is neither null nor " : "is not ") + what + ": " + node);
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static IllegalArgumentException refused(String path, String problem) {
        return new IllegalArgumentException("field '" + path + "' " + problem);
    }
}
