package dev.lacuna.server.submission.service;

import dev.lacuna.server.submission.model.PluginJar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** The stored plugin JARs' bytes, for the workers that run them. */
@ApplicationScoped
public class PluginJars {

    /** The bytes of the JAR with this sha256 (64 lower-case hex digits), or empty if none is stored. */
    @Transactional
    public Optional<byte[]> bytes(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return PluginJar.bytesOf(sha256);
    }
}
