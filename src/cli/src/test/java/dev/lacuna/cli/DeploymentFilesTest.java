package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Kubernetes files in {@code docker/kubernetes/} hold together outside a cluster: the worker command the
 * Deployment runs is one this command line parses, each pod asks for one GPU and gets its token from the Secret,
 * and the KEDA ScaledObject scales that Deployment on the queue depth the server exports; the compose file builds
 * the images from Dockerfiles that exist and hands the token the server creates to its workers.
 */
class DeploymentFilesTest {

    private static final Path KUBERNETES = Path.of(System.getProperty("test.docker.dir", "../../docker")).resolve("kubernetes");

    @Test
    void theWorkerDeploymentRunsACommandThisCommandLineParsesWithOneGpuAndTheSecretToken() throws IOException {
        List<JsonNode> docs = documents(KUBERNETES.resolve("worker-deployment.yaml"));
        JsonNode deployment = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        JsonNode secret = docs.stream().filter(d -> d.path("kind").asText().equals("Secret")).findFirst().orElseThrow();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText().replace("$(LACUNA_SERVER)", "http://lacuna-server:8080")));
        assertThat(args.get(0)).isEqualTo("worker");

        CommandLine.ParseResult parsed = new CommandLine(new LacunaCli()).parseArgs(args.toArray(String[]::new));
        CommandLine.ParseResult worker = parsed.subcommand();
        assertThat(worker.commandSpec().name()).isEqualTo("worker");
        assertThat(worker.matchedOptionValue("--server", null).toString()).isEqualTo("http://lacuna-server:8080");
        java.util.Map<String, String> sandbox = worker.matchedOptionValue("--sandbox", java.util.Map.of());
        assertThat(dev.lacuna.worker.sandbox.SandboxSettings.of(sandbox).gpu()).as("GPU devices bound into the sandbox").isEqualTo(1);

        assertThat(container.path("resources").path("limits").path("nvidia.com/gpu").asInt()).isEqualTo(1);
        JsonNode token = null;
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("LACUNA_TOKEN")) {
                token = env.path("valueFrom").path("secretKeyRef");
            }
        }
        assertThat(token).as("the token comes from the Secret, never from the arguments").isNotNull();
        assertThat(token.path("name").asText()).isEqualTo(secret.path("metadata").path("name").asText());
        assertThat(args).noneMatch(a -> a.startsWith("lacuna_"));
    }

    @Test
    void theScaledObjectScalesThatDeploymentOnTheQueueDepth() throws IOException {
        JsonNode scaled = documents(KUBERNETES.resolve("worker-scaledobject.yaml")).get(0);
        JsonNode deployment = documents(KUBERNETES.resolve("worker-deployment.yaml")).get(0);
        assertThat(scaled.path("kind").asText()).isEqualTo("ScaledObject");
        assertThat(scaled.path("spec").path("scaleTargetRef").path("name").asText())
                .isEqualTo(deployment.path("metadata").path("name").asText());
        assertThat(scaled.path("spec").path("minReplicaCount").asInt()).isZero();
        assertThat(scaled.path("spec").path("triggers").get(0).path("metadata").path("query").asText())
                .contains("lacuna_jobs{state=\"queued\"}");
    }

    @Test
    void theComposeFileBuildsTheImagesHereAndSharesTheServersWorkerTokenWithEveryWorker() throws IOException {
        Path docker = KUBERNETES.getParent();
        JsonNode services = documents(docker.resolve("compose.yml")).get(0).path("services");
        assertThat(services.fieldNames()).toIterable().containsExactlyInAnyOrder("database", "server", "worker", "gpu-worker");
        for (String built : List.of("server", "gpu-worker")) {
            JsonNode build = services.path(built).path("build");
            assertThat(docker.resolve(build.path("context").asText()).resolve(build.path("dockerfile").asText()))
                    .as(built + "'s Dockerfile").isRegularFile();
        }
        String tokenFile = services.path("server").path("environment").path("LACUNA_WORKER_TOKEN_FILE").asText();
        assertThat(tokenFile).isNotEmpty();
        for (String worker : List.of("worker", "gpu-worker")) {
            assertThat(services.path(worker).path("environment").path("LACUNA_TOKEN_FILE").asText()).as(worker).isEqualTo(tokenFile);
            assertThat(services.path(worker).path("environment").path("LACUNA_SERVER").asText()).isEqualTo("http://server:8080");
        }
        assertThat(services.path("gpu-worker").path("profiles").get(0).asText()).isEqualTo("gpu");
        assertThat(services.path("worker").path("image").asText()).isEqualTo(services.path("server").path("image").asText());
        String entrypoint = services.path("worker").path("entrypoint").get(0).asText();
        assertThat(docker.resolve(entrypoint.substring("/opt/lacuna/docker/".length()))).isExecutable();
        assertThat(services.path("server").path("environment").path("QUARKUS_DATASOURCE_JDBC_URL").asText())
                .isEqualTo("jdbc:postgresql://database:5432/" + services.path("database").path("environment").path("POSTGRES_DB").asText());
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }
}
