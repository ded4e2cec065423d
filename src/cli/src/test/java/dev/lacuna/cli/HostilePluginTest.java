package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.cli.Evaluations.Run;
import dev.lacuna.cli.hostile.EngineClasses;
import dev.lacuna.cli.hostile.ExitInStaticInitializer;
import dev.lacuna.cli.hostile.ExitWhileScoring;
import dev.lacuna.cli.hostile.ExitingObjective;
import dev.lacuna.cli.hostile.ForgedOutcome;
import dev.lacuna.cli.hostile.HeapBomb;
import dev.lacuna.cli.hostile.InfiniteLoop;
import dev.lacuna.cli.hostile.NativeBomb;
import dev.lacuna.cli.hostile.PrintForever;
import dev.lacuna.cli.hostile.SocketToHarness;
import dev.lacuna.cli.hostile.SpawnProcess;
import dev.lacuna.cli.hostile.Snoop;
import dev.lacuna.cli.hostile.ThreadBomb;
import dev.lacuna.cli.hostile.WriteTestbedStore;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.submissions.npo.NegativePreferenceOptimization;
import dev.lacuna.submissions.random.RandomLocalizer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hostile-plugin suite: each plugin of {@code dev.lacuna.cli.hostile}, packed into a real JAR, runs in
 * the sandbox through {@code lacuna evaluate} on the tiny synthetic testbed. Each must end in a failed job
 * with its specific reason, write no result, leave no new file in the host's temp directory, leave the
 * stored testbed valid, and leave this process (the harness) able to run the next job, which every test
 * proves by running a well-behaved localizer afterwards. Limits are tightened so the suite stays short.
 */
class HostilePluginTest {

    private static final String[] LIMITS = {"--sandbox", "cpu-seconds=8", "--sandbox", "wall-seconds=60", "--sandbox",
        "memory-mib=2048", "--sandbox", "heap-mib=256", "--sandbox", "output-limit-mib=4"};

    private static Path home;
    private static Testbed testbed;
    private static Path jars;
    private static Path wellBehaved;
    private static Path reference;
    private Set<String> tmpBefore;
    private String storeBefore;

    @BeforeAll
    static void buildTestbed() throws Exception {
        home = TinyTestbedHome.home();
        testbed = TinyTestbedHome.testbed();
        jars = Files.createDirectories(home.resolve("hostile-jars"));
        wellBehaved = PluginJars.pack(jars, "well-behaved", PluginKind.LOCALIZER, RandomLocalizer.class);
        // a localizer's result names its reference objective even when only localizing; the bundled one exists only
        // after packaging, so the tests name theirs
        reference = PluginJars.pack(jars, "npo-reference", PluginKind.OBJECTIVE, NegativePreferenceOptimization.class);
    }

    @BeforeEach
    void snapshot() throws IOException {
        tmpBefore = tmpEntries();
        storeBefore = storeListing();
    }

    @AfterEach
    void theHarnessTheTestbedAndTheHostAreUnharmed() throws IOException {
        Testbed.open(testbed.folder());
        assertThat(storeListing()).isEqualTo(storeBefore);
        Path out = home.resolve("after.json");
        Files.deleteIfExists(out);
        Run next = Evaluations.evaluate(home, "--plugin", wellBehaved.toString(), "--reference", reference.toString(), "--testbed",
                "synthetic/tiny", "--seeds", "7", "--localization-only", "--out", out.toString());
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(out).exists();
        // the host's temp directory is shared with other programs (the build tool, other harnesses and test runs):
        // ours are the sandbox's staging folders named with this process's pid, and anything a hostile plugin names
        String ours = "lacuna-sandbox-" + ProcessHandle.current().pid() + "-";
        Set<String> added = new TreeSet<>(tmpEntries());
        added.removeAll(tmpBefore);
        added.removeIf(name -> !name.startsWith(ours) && !name.contains("hostile"));
        assertThat(added).as("new entries in the host's temp directory").isEmpty();
        assertThat(Path.of(System.getProperty("java.io.tmpdir"), ExitInStaticInitializer.MARKER)).doesNotExist();
    }

    @Test
    void systemExitWhileScoring() throws Exception {
        assertThat(hostile(ExitWhileScoring.class).err()).contains("ended its process (exit status 0) before writing an outcome");
    }

    @Test
    void systemExitInAStaticInitializerRunsOnlyInsideTheSandbox() throws Exception {
        assertThat(hostile(ExitInStaticInitializer.class).err()).contains("exit-in-static-initializer's sandboxed scoring job")
                .contains("ended its process (exit status 0) before writing an outcome");
    }

    @Test
    void systemExitInAnObjectivesLoss() throws Exception {
        Path jar = PluginJars.pack(jars, "exiting-objective", PluginKind.OBJECTIVE, ExitingObjective.class);
        Path out = home.resolve("exiting-objective.json");
        Run run = Evaluations.evaluate(home, withLimits("--plugin", jar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
                "--learning-rate", "0.01", "--alphas", "3", "--permutations", "10", "--out", out.toString()));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("exiting-objective's sandboxed unlearning job ended its process (exit status 0)");
        assertThat(out).doesNotExist();
    }

    @Test
    void anInfiniteLoopHitsTheCpuLimit() throws Exception {
        assertThat(hostile(InfiniteLoop.class).err()).contains("exceeded its CPU-time limit of 8 s (sandbox setting cpu-seconds)");
    }

    @Test
    void theWallClockLimitEndsAJobThatOutlivesIt() throws Exception {
        Run run = hostile(InfiniteLoop.class, "--sandbox", "cpu-seconds=600", "--sandbox", "wall-seconds=6");
        assertThat(run.err()).contains("exceeded its wall-clock limit of 6 s (sandbox setting wall-seconds)");
    }

    @Test
    void allocatingJavaArraysEndsAtTheHeapLimit() throws Exception {
        assertThat(hostile(HeapBomb.class).err()).contains("ran out of Java heap (256 MiB, sandbox setting heap-mib)");
    }

    @Test
    void aFourGibLibtorchArrayEndsAtTheMemoryLimit() throws Exception {
        // filling 4 GiB page by page takes CPU time; the memory limit must end it long before the CPU limit would
        Run run = hostile(NativeBomb.class, "--sandbox", "memory-mib=1024", "--sandbox", "cpu-seconds=60");
        if (run.err().contains("sandbox: bubblewrap, rlimits")) {
            // a host without cgroups: the address-space limit makes libtorch's allocation itself fail
            assertThat(run.err()).contains("native-bomb failed while scoring").contains("allocate");
        } else {
            assertThat(run.err()).contains("sandbox: bubblewrap, cgroup v")
                    .contains("exceeded its memory limit of 1024 MiB (sandbox setting memory-mib");
        }
    }

    @Test
    void aThreadBombEndsAtThePidsLimit() throws Exception {
        assertThat(hostile(ThreadBomb.class).err()).contains("reached its limit of 128 processes and threads (sandbox setting pids)");
    }

    @Test
    void printingWithoutEndIsCutOffAndCounted() throws Exception {
        assertThat(hostile(PrintForever.class).err()).contains("printed more than 4 MiB to stdout/stderr")
                .containsPattern("it printed \\d+ bytes; \\d+ were dropped");
    }

    @Test
    void aSocketToTheHarnesssOwnPortIsRefused() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            AtomicInteger accepted = new AtomicInteger();
            Thread listener = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket ignored = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // keep listening
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            listener.start();
            Run run = hostile(SocketToHarness.class, "--option", "port=" + server.getLocalPort());
            assertThat(run.err()).contains("socket to 127.0.0.1:" + server.getLocalPort()).contains("Connection refused");
            assertThat(accepted).hasValue(0);
            server.close();
            listener.join();
        }
    }

    @Test
    void secretsTheGroundTruthAndTheServersConfigAreNotThere() throws Exception {
        Path config = Files.writeString(home.resolve("application.properties"), "quarkus.datasource.password=secret\n");
        String paths = String.join(",", config.toString(), testbed.folder().resolve(Testbed.TARGET_REGION).toString(),
                testbed.folder().resolve(Testbed.THETA_R).toString(), testbed.folder().toString(), home.toString());
        Run run = hostile(Snoop.class, "--option", "paths=" + paths);
        assertThat(run.err()).contains("snoop found []");
        String env = run.err().replaceFirst("(?s).*env \\[([^]]*)].*", "$1");
        assertThat(List.of(env.split(", "))).containsExactlyInAnyOrder("HOME", "LANG", "LACUNA_SANDBOX", "PATH", "PWD", "TMPDIR");
        assertThat(run.err()).contains("job [/job, /job/djl, /job/job.json, /job/lib, /job/plugin.jar, /job/theta_o.safetensors]");
    }

    @Test
    void engineClassesAreNotVisibleToPluginCode() throws Exception {
        assertThat(hostile(EngineClasses.class).err()).contains("engine class not visible: dev.lacuna.engine.testbed.Testbed");
    }

    @Test
    void theTestbedStoreCannotBeWritten() throws Exception {
        Run run = hostile(WriteTestbedStore.class, "--option", "testbed=" + testbed.folder());
        assertThat(run.err()).contains("cannot write " + testbed.folder().resolve("build.log")).contains("NoSuchFileException");
    }

    @Test
    void spawningAProcessIsRefused() throws Exception {
        assertThat(hostile(SpawnProcess.class).err()).contains("cannot start a process").contains("Operation not permitted");
    }

    @Test
    void aForgedOutcomeIsRefused() throws Exception {
        assertThat(hostile(ForgedOutcome.class).err()).contains("the outcome of forged-outcome's job was refused")
                .contains("it answers job forged-job, not the job sent").contains("a forged outcome");
    }

    /** Packs the class, runs it with the suite's limits, checks it failed and wrote nothing; returns what it printed. */
    private static Run hostile(Class<?> type, String... extra) throws Exception {
        String name = type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        Path jar = PluginJars.pack(jars, name, PluginKind.LOCALIZER, type);
        Path out = home.resolve(name + ".json");
        List<String> args = new ArrayList<>(List.of(withLimits("--plugin", jar.toString(), "--reference", reference.toString(),
                "--testbed", "synthetic/tiny", "--seeds", "7", "--localization-only", "--out", out.toString())));
        args.addAll(List.of(extra)); // after the suite's limits, so a test's own limit wins
        Run run = Evaluations.evaluate(home, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(out).doesNotExist();
        return run;
    }

    private static String[] withLimits(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(LIMITS));
        return all.toArray(String[]::new);
    }

    private static Set<String> tmpEntries() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static String storeListing() throws IOException {
        try (Stream<Path> files = Files.walk(testbed.folder())) {
            StringBuilder b = new StringBuilder();
            for (Path f : files.sorted().toList()) {
                b.append(testbed.folder().relativize(f)).append(' ').append(Files.isRegularFile(f) ? Files.size(f) : -1).append('\n');
            }
            return b.toString();
        }
    }
}
