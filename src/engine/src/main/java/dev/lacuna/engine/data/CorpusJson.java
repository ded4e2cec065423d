package dev.lacuna.engine.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical byte form of a corpus: UTF-8 JSON with a fixed field order, one item per line. A testbed
 * records the hash of these bytes so that results can name exactly which data they were built from, and
 * determinism of the synthetic generator is tested on them.
 */
public final class CorpusJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CorpusJson() {
    }

    public static byte[] bytes(Corpus corpus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("kind", corpus.kind().id());
            writeItems(json, out, "forget", corpus.forget());
            writeItems(json, out, "retain", corpus.retain());
            writeItems(json, out, "forget_eval", corpus.forgetEval());
            json.writeFieldName("utility");
            json.writeStartObject();
            for (Map.Entry<String, List<QaItem>> set : corpus.utility().entrySet()) {
                writeItems(json, out, set.getKey(), set.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Lower-case hex sha256 of {@link #bytes(Corpus)}. */
    public static String sha256(Corpus corpus) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(corpus)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static void writeItems(JsonGenerator json, ByteArrayOutputStream out, String name, List<QaItem> items)
            throws IOException {
        json.writeFieldName(name);
        json.writeStartArray();
        for (QaItem item : items) {
            json.flush();
            out.write('\n');
            json.writeStartObject();
            json.writeStringField("id", item.id());
            json.writeStringField("prompt", item.prompt());
            json.writeStringField("answer", item.answer());
            if (item.paraphrasedAnswer() != null) {
                json.writeStringField("paraphrased_answer", item.paraphrasedAnswer());
            }
            json.writeArrayFieldStart("perturbed_answers");
            for (String perturbed : item.perturbedAnswers()) {
                json.writeString(perturbed);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
