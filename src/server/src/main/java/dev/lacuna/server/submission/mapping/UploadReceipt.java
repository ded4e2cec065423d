package dev.lacuna.server.submission.mapping;

import dev.lacuna.server.submission.service.StoredSubmission;

/**
 * The answer to an upload: the submission's id and page, what the JAR declares, and whether these bytes were
 * stored before ({@code duplicate}: the same id as then, nothing new evaluated).
 *
 * @param url the submission's page
 */
public record UploadReceipt(String id, String url, String kind, String name, String version, String sha256,
                            boolean duplicate) {

    public static UploadReceipt of(StoredSubmission stored) {
        return new UploadReceipt(stored.id(), "/submissions/" + stored.id(), stored.kind(), stored.name(),
                stored.version(), stored.sha256(), stored.duplicate());
    }
}
