package dev.lacuna.server.web;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.server.LacunaConfig;
import dev.lacuna.server.instance.InstanceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Gathers the server's state from the database, the data directory and the testbed store. */
@ApplicationScoped
public class ServerStatusService {

    @Inject
    LacunaConfig config;

    @Inject
    InstanceRegistry instances;

    @ConfigProperty(name = "quarkus.application.version")
    String version;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    public ServerStatus current() {
        InstanceRegistry.InstanceFacts facts = instances.facts();
        DataCatalog catalog = new DataCatalog(config.dataDir());
        TestbedStore store = new TestbedStore(config.testbedsDirectory());
        return new ServerStatus(
                "Lacuna Bench",
                version,
                database(),
                facts.id(),
                facts.createdAt(),
                facts.boots(),
                catalog.dataDirectory().map(Object::toString).orElse(null),
                catalog.statuses().stream()
                        .map(s -> new ServerStatus.DataSet(s.kind().id(), s.available(), s.describe()))
                        .toList(),
                store.root().toString(),
                store.list());
    }

    private ServerStatus.Database database() {
        if ("embedded".equals(config.database().mode())) {
            return new ServerStatus.Database("embedded", config.database().location().orElse("embedded"));
        }
        return new ServerStatus.Database("external", withoutParameters(jdbcUrl));
    }

    /** Drops the query string, which may carry credentials. */
    static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
