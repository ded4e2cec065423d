package dev.lacuna.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Validation of a result file's text against the result schema (JSON Schema 2020-12). The schema's one source is
 * {@code docs/result-schema.json}; the build copies it into this module's JAR ({@value #RESOURCE} next to this
 * class), so readers of published results need no checkout.
 */
public final class ResultSchema {

    /** The schema's resource name, next to this class. */
    public static final String RESOURCE = "result-schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = load();
    private static final JsonSchema SCHEMA = compile(null);
    private static final JsonSchema OBJECTIVE = compile("objectiveResult");
    private static final JsonSchema LOCALIZER = compile("localizerResult");

    private ResultSchema() {
    }

    /** The schema itself, as docs/result-schema.json holds it. */
    public static String text() {
        return TEXT;
    }

    /**
     * What in {@code json} the schema refuses, one message per violation naming its JSON path (as in
     * {@code $.summary.aues_p: must have an exclusive minimum value of 0}), sorted; empty when the text is a valid
     * result. Text that is no JSON gives one message saying so.
     *
     * <p>A document whose {@code kind} is {@code objective} or {@code localizer} is checked against that kind's
     * definition alone: the schema's top-level {@code oneOf} admits the same documents, but would also report every way
     * the document fails the other kind.
     */
    public static List<String> violations(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of("not a JSON document: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            return List.of("not a JSON document: no content");
        }
        String kind = node.path("kind").asText();
        JsonSchema schema = kind.equals(ObjectiveResult.KIND) ? OBJECTIVE : kind.equals(LocalizerResult.KIND) ? LOCALIZER : SCHEMA;
        return schema.validate(node).stream().map(ValidationMessage::getMessage).sorted().distinct().toList();
    }

    /** The schema, or with its top-level {@code oneOf} replaced by a reference to one of its definitions. */
    private static JsonSchema compile(String definition) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        if (definition == null) {
            return factory.getSchema(TEXT);
        }
        try {
            ObjectNode schema = (ObjectNode) JSON.readTree(TEXT);
            schema.remove("oneOf");
            schema.put("$ref", "#/$defs/" + definition);
            return factory.getSchema(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the bundled result schema is not JSON", e);
        }
    }

    private static String load() {
        try (InputStream in = ResultSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing next to " + ResultSchema.class.getName()
                        + "; the build copies it from docs/");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
