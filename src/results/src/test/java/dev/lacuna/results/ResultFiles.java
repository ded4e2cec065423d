package dev.lacuna.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Real result files of {@code ./lacuna evaluate} (short runs on the tiny synthetic testbeds of mask seeds 7 and 19,
 * made by the command line's {@code LeaderboardFixturesGenerator}), and edits of them for refusal tests.
 */
final class ResultFiles {

    /** NPO, calibrated, 5 alphas, with MU and FQ. */
    static final String OBJECTIVE = "npo-objective.json";
    /** The harness's Oracle localizer with NPO as reference at a fixed rate. */
    static final String LOCALIZER = "oracle-localizer.json";
    /** The random localizer, localization only: calibration, runs and every AUES / MU95 field null. */
    static final String LOCALIZATION_ONLY = "random-localizer-localization-only.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    static String text(String name) {
        try (InputStream in = ResultFiles.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file {@code name} with {@code edit} applied to its tree. */
    static String edited(String name, Consumer<ObjectNode> edit) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(text(name));
            edit.accept(tree);
            return JSON.writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object at a path of keys and array indices, as in {@code at(tree, "per_seed", 0, "oracle")}. */
    static ObjectNode at(ObjectNode tree, Object... path) {
        JsonNode node = tree;
        for (Object step : path) {
            node = step instanceof Integer i ? ((ArrayNode) node).get(i) : node.get((String) step);
        }
        return (ObjectNode) node;
    }
}
