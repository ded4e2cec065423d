package dev.lacuna.engine.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON Lines file (one JSON object per line; TOFU's {@code .json} files are of this kind) and
 * checks fields with errors that point at the file, line and field. Blank lines are skipped but still
 * counted, so reported line numbers match what an editor shows.
 */
final class JsonLinesFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One parsed record with the position it came from. */
    record Row(Path file, int line, int index, JsonNode node) {

        String text(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw new DataFormatException(file, line, field, "missing");
            }
            if (!value.isTextual()) {
                throw new DataFormatException(file, line, field, "expected a string but found " + describe(value));
            }
            return value.textValue();
        }

        List<String> texts(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw new DataFormatException(file, line, field, "missing");
            }
            if (!value.isArray()) {
                throw new DataFormatException(file, line, field, "expected a list of strings but found " + describe(value));
            }
            List<String> texts = new ArrayList<>(value.size());
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (!element.isTextual()) {
                    throw new DataFormatException(file, line, field,
                            "element " + i + " is " + describe(element) + ", expected a string");
                }
                texts.add(element.textValue());
            }
            return texts;
        }
    }

    private JsonLinesFile() {
    }

    /** Every non-blank line of {@code file} as a JSON object, numbered from 0 in {@link Row#index()}. */
    static List<Row> read(Path file) {
        List<Row> rows = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new DataFormatException(file, lineNumber, null,
                            "not valid JSON (" + e.getOriginalMessage() + ")", e);
                }
                if (node == null || !node.isObject()) {
                    throw new DataFormatException(file, lineNumber, null,
                            "expected a JSON object but found " + describe(node));
                }
                rows.add(new Row(file, lineNumber, rows.size(), node));
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, null, "file not found", e);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, lineNumber + 1, null, "not valid UTF-8", e);
        } catch (IOException e) {
            throw new DataFormatException(file, lineNumber, null, "cannot be read (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
