package dev.lacuna.server.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The members of an RFC 7807 body in the order the RFC lists them, then any extension members. A map rather
 * than a record so that extensions sit beside the standard members, as the RFC wants, instead of nested.
 */
final class ProblemBody {

    /** The type of a problem that has no more specific documentation than its HTTP status. */
    static final String BLANK = "about:blank";

    private ProblemBody() {
    }

    static Map<String, Object> of(String type, String title, int status, String detail, String instance,
                                  Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        extensions.forEach(body::putIfAbsent);
        return body;
    }
}
