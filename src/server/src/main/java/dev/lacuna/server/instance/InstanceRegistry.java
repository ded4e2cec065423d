package dev.lacuna.server.instance;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Records every start in the database, creating the installation's identity on the first one. */
@ApplicationScoped
public class InstanceRegistry {

    @ConfigProperty(name = "quarkus.application.version")
    String version;

    @Transactional
    void recordStart(@Observes StartupEvent event) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (Instance.findOldest().isEmpty()) {
            Instance instance = new Instance();
            instance.id = UUID.randomUUID();
            instance.createdAt = now;
            instance.persist();
        }
        Boot boot = new Boot();
        boot.startedAt = now;
        boot.version = version;
        boot.persist();
    }

    @Transactional
    public InstanceFacts facts() {
        Instance instance = Instance.findOldest()
                .orElseThrow(() -> new IllegalStateException("instance row missing: the start-up record did not run"));
        return new InstanceFacts(instance.id, instance.createdAt, Boot.count());
    }

    /** Identity and age of this installation. */
    public record InstanceFacts(UUID id, OffsetDateTime createdAt, long boots) {
    }
}
