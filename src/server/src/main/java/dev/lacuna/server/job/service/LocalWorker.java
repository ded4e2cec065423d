package dev.lacuna.server.job.service;

import dev.lacuna.server.LacunaConfig;
import dev.lacuna.server.account.model.Role;
import dev.lacuna.server.account.service.TokenService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The server's own worker, so that a single {@code ./lacuna serve} evaluates what it is given: a {@code lacuna worker}
 * child process on this machine with a worker token made for it, talking to this server over HTTP like any other
 * worker (the server itself never loads libtorch or runs plugin code). It is started again if it dies, and stopped
 * with the server. Its log goes to {@code <home>/local-worker.log}.
 */
@ApplicationScoped
public class LocalWorker {

    private static final Logger LOG = Logger.getLogger(LocalWorker.class);

    /** The account the local worker's tokens belong to. */
    static final String NAME = "local-worker";

    @Inject
    LacunaConfig config;

    @Inject
    TokenService tokens;

    private volatile Process process;
    private volatile boolean stopping;
    private Thread keeper;

    void start(@Observes StartupEvent event) {
        if (!config.platform().localWorker() || config.platform().cliJar().isEmpty()
                || dev.lacuna.server.Main.commandRun()) {
            return;
        }
        Path jar = config.platform().cliJar().get();
        if (!Files.isRegularFile(jar)) {
            LOG.warnf("no local worker: the command line's JAR %s is missing", jar);
            return;
        }
        String token = tokens.create(NAME, "local-worker@localhost", Role.WORKER).token();
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true", "-jar", jar.toString(), "worker", "--server", "http://127.0.0.1:" + port,
                "--name", "local", "--home", config.home().toString()));
        config.dataDir().filter(Files::isDirectory).ifPresent(d -> command.addAll(List.of("--data-dir", d.toString())));
        keeper = new Thread(() -> keep(command, token), "local-worker");
        keeper.setDaemon(true);
        keeper.start();
    }

    private void keep(List<String> command, String token) {
        Path log = config.home().resolve("local-worker.log");
        while (!stopping) {
            try {
                Files.createDirectories(config.home());
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                builder.environment().put("LACUNA_TOKEN", token);
                // the worker needs no database: it gets none of the server's credentials
                builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_DATASOURCE") || k.startsWith("TEST_PG"));
                process = builder.start();
                LOG.infof("local worker started (pid %d, log %s)", process.pid(), log);
                int code = process.waitFor();
                if (!stopping) {
                    LOG.warnf("local worker exited with code %d; starting it again in 5 s", code);
                    Thread.sleep(5000);
                }
            } catch (IOException e) {
                LOG.errorf("cannot start the local worker: %s", e.getMessage());
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
