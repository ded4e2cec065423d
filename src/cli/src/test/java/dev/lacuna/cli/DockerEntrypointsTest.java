package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell scripts the images in {@code docker/} run, run here as real child processes outside Docker: the
 * database wait against a real TCP listener and a closed port, and the worker's token and device choice ending
 * in the real launcher and this command line's own {@code worker} command, whose answer shows what it was given
 * (the launcher runs it from the command line's JAR alone, as in the worker image, which has no server JAR).
 */
class DockerEntrypointsTest {

    private static final Path DOCKER = Path.of(System.getProperty("test.docker.dir", "../../docker")).toAbsolutePath().normalize();

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void theDatabaseWaitRunsItsCommandOnceThePortAcceptsConnections() throws Exception {
        try (ServerSocket database = new ServerSocket(0)) {
            int port = database.getLocalPort();
            Run run = run(List.of(DOCKER.resolve("wait-for-database.sh").toString(), "echo", "started"),
                    Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + port + "/lacuna?ssl=false"));
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("started\n");
            assertThat(run.err()).isEqualTo("wait-for-database: 127.0.0.1:" + port + " accepts connections\n");
        }
    }

    @Test
    void theDatabaseWaitGivesUpAfterItsLimitOnAClosedPortAndRunsNothing() throws Exception {
        int port = freePort();
        Run run = run(List.of(DOCKER.resolve("wait-for-database.sh").toString(), "echo", "started"),
                Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + port + "/lacuna",
                        "LACUNA_DATABASE_WAIT_SECONDS", "1"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("no PostgreSQL at 127.0.0.1:" + port + " after 1s\n");
    }

    @Test
    void theDatabaseWaitRefusesAUrlThatIsNotPostgresql() throws Exception {
        Run run = run(List.of(DOCKER.resolve("wait-for-database.sh").toString(), "true"),
                Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:h2:mem:lacuna"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("wait-for-database: QUARKUS_DATASOURCE_JDBC_URL must be a "
                + "jdbc:postgresql://HOST[:PORT]/DATABASE URL, got 'jdbc:h2:mem:lacuna'\n");
    }

    @Test
    void theServerEntryPointStartsNothingAndWritesNoTokenWithoutADatabase(@TempDir Path scratch) throws Exception {
        Path token = scratch.resolve("worker-token");
        Run run = run(List.of(DOCKER.resolve("server-entrypoint.sh").toString()),
                Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + freePort() + "/lacuna",
                        "LACUNA_DATABASE_WAIT_SECONDS", "1", "LACUNA_WORKER_TOKEN_FILE", token.toString()));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("no PostgreSQL at 127.0.0.1:");
        try (var files = Files.list(scratch)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aWorkerWithoutATokenSaysWhereOneGoes(@TempDir Path root) throws Exception {
        Run run = run(List.of(workerEntrypoint(root)), Map.of("LACUNA_SERVER", "http://127.0.0.1:9"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("worker-entrypoint: set LACUNA_TOKEN to a worker token, or LACUNA_TOKEN_FILE to a file "
                + "holding one\n");
    }

    @Test
    void aWorkerWaitsForTheTokenFileAndGivesUpAfterItsLimit(@TempDir Path root) throws Exception {
        Run run = run(List.of(workerEntrypoint(root)), Map.of("LACUNA_SERVER", "http://127.0.0.1:9",
                "LACUNA_TOKEN_FILE", root.resolve("absent").toString(), "LACUNA_TOKEN_WAIT_SECONDS", "1"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("no token in " + root.resolve("absent") + " after 1s\n");
    }

    @Test
    void aWorkerWithoutAGpuRunsOnTheCpuWithTheTokenFromItsFile(@TempDir Path root) throws Exception {
        Path token = root.resolve("token");
        Files.writeString(token, "lacuna_worker_secret");
        // --idle-seconds 0 makes the real worker command stop at its own check, after it accepted token and device
        Run run = run(List.of(workerEntrypoint(root), "--idle-seconds", "0"), Map.of("LACUNA_SERVER", "http://127.0.0.1:9",
                "LACUNA_TOKEN_FILE", token.toString(), "LACUNA_HOME", root.resolve("home").toString()));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("worker-entrypoint: device cpu\n"
                + "lacuna: --idle-seconds must be 1 to 25, got 0 ('./lacuna worker --help' lists the options)\n");
    }

    @Test
    void aWorkerWhereNvidiaSmiListsAGpuAsksForCudaWithTheGpuBoundIntoTheSandbox(@TempDir Path root) throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        executable(bin.resolve("nvidia-smi"), "#!/bin/sh\necho 'GPU 0: NVIDIA H200 (UUID: GPU-0)'\n");
        Run run = run(List.of(workerEntrypoint(root)), Map.of("LACUNA_SERVER", "http://127.0.0.1:9",
                "LACUNA_TOKEN", "lacuna_worker_secret", "PATH", bin + ":" + System.getenv("PATH")));
        assertThat(run.exitCode()).isEqualTo(1);
        // the worker command parsed --sandbox gpu=1 and checks CUDA itself: the fake nvidia-smi gives no CUDA libtorch here
        assertThat(run.err()).startsWith("worker-entrypoint: device cuda:0\n"
                + "lacuna: --device cuda:0: the PyTorch engine loaded here is the CPU build of libtorch and sees 0 GPUs")
                .endsWith("nothing falls back to the CPU\n");
    }

    /**
     * The worker entry point in a folder laid out like the worker image's /opt/lacuna: the real launcher and a
     * command-line JAR but no server JAR. The JAR is this command line from the test class path (its manifest
     * names the class path), as the packaged one is not built before the tests.
     */
    private static String workerEntrypoint(Path root) throws IOException {
        Path docker = Files.createDirectories(root.resolve("docker"));
        for (String script : List.of("worker-entrypoint.sh", "wait-for.sh")) {
            Files.copy(DOCKER.resolve(script), docker.resolve(script));
        }
        Files.copy(DOCKER.resolveSibling("lacuna"), root.resolve("lacuna"));
        Path jar = Files.createDirectories(root.resolve("src/cli/target")).resolve("lacuna-cli.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LacunaCli.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(entry -> Path.of(entry).toUri().toString()).collect(Collectors.joining(" ")));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return docker.resolve("worker-entrypoint.sh").toString();
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Run run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().keySet().removeIf(name -> name.startsWith("LACUNA_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
