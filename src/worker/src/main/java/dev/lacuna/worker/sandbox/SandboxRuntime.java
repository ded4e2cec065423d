package dev.lacuna.worker.sandbox;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import dev.lacuna.engine.job.JobExecution;
import dev.lacuna.engine.job.JobJson;
import dev.lacuna.engine.job.JobOutcome;
import dev.lacuna.engine.job.PluginJob;
import dev.lacuna.engine.job.PluginRuntime;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.worker.child.SandboxChild;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs each plugin job in a fresh child JVM under bubblewrap: a new network namespace (no route anywhere;
 * its loopback reaches only itself), new user, pid, ipc, uts and cgroup namespaces, an unprivileged uid,
 * no capabilities, a read-only root made of /usr and the JDK's configuration, the job's staged files
 * read-only under /job, a private size-capped /tmp, an environment of five variables, {@code
 * --die-with-parent}, and a seccomp filter that forbids new processes. Around it: a per-job cgroup
 * (memory and pids), rlimits for CPU time, file size and core dumps, a wall-clock limit and caps on
 * output. Every way the child can end maps to a specific reason in a {@link JobOutcome.Failed}; the
 * parent stays up and runs the next job.
 */
public final class SandboxRuntime implements PluginRuntime, AutoCloseable {

    /** The unprivileged uid and gid a child runs as (nobody). */
    static final int NOBODY = 65534;

    /** Exit status of the launcher when it cannot put the child into its cgroup. */
    private static final int CGROUP_JOIN_FAILED = 97;

    private static final String LAUNCHER = "s=$1; shift; while [ \"$1\" != \"--\" ]; do echo $$ > \"$1\" || exit "
            + CGROUP_JOIN_FAILED + "; shift; done; shift; exec \"$@\" 9<\"$s\"";

    private final PluginDescriptor plugin;
    private final SandboxSettings settings;
    private final Tools tools;
    private final SandboxStage stage;
    private final Path seccomp;
    private final String enforcement;
    /** Folders outside the JDK its links point into; found once, the walk over the JDK is not per job. */
    private final java.util.Set<Path> javaHomeLinks;

    /** The programs the sandbox needs, found on the PATH. */
    private record Tools(Path bwrap, Path prlimit, Path setpriv, Path shell) {
    }

    private SandboxRuntime(PluginDescriptor plugin, SandboxSettings settings, Tools tools, SandboxStage stage, Path seccomp) {
        this.enforcement = probeEnforcement(settings);
        this.javaHomeLinks = SandboxStage.javaHomeLinkTargets(Path.of(System.getProperty("java.home")));
        this.plugin = plugin;
        this.settings = settings;
        this.tools = tools;
        this.stage = stage;
        this.seccomp = seccomp;
    }

    /**
     * A runtime for one validated plugin JAR. Fails with {@link SandboxUnavailableException} where
     * bubblewrap (or util-linux's prlimit) is missing, naming the package to install.
     */
    public static SandboxRuntime open(PluginDescriptor plugin, SandboxSettings settings) {
        Tools tools = tools();
        Engine.getEngine("PyTorch"); // extracts libtorch into DJL's cache once, here, so children only read it
        Path nativeCache = Utils.getEngineCacheDir("pytorch");
        SandboxStage stage = SandboxStage.create(SandboxStage.expandedClassPath(), nativeCache, plugin.jar());
        try {
            Path filter = stage.root().resolve("seccomp.bpf");
            Files.write(filter, SeccompFilter.program());
            Files.setPosixFilePermissions(filter, PosixFilePermissions.fromString("rw-------"));
            return new SandboxRuntime(plugin, settings, tools, stage, filter);
        } catch (IOException | RuntimeException e) {
            stage.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Whether this host can run sandboxed jobs (bubblewrap and prlimit installed). */
    public static boolean available() {
        try {
            tools();
            return true;
        } catch (SandboxUnavailableException e) {
            return false;
        }
    }

    private static Tools tools() {
        Path bwrap = onPath("bwrap");
        if (bwrap == null) {
            throw new SandboxUnavailableException("sandboxed evaluation needs bubblewrap, which is not installed here: "
                    + "'apt-get install bubblewrap' (Debian, Ubuntu), 'dnf install bubblewrap' (Fedora), 'apk add bubblewrap' (Alpine); "
                    + "to run your own plugin in this process instead, pass --trusted");
        }
        Path prlimit = onPath("prlimit");
        if (prlimit == null) {
            throw new SandboxUnavailableException("sandboxed evaluation needs prlimit from util-linux, which is not installed here: "
                    + "'apt-get install util-linux'");
        }
        Path shell = Path.of("/bin/sh");
        return new Tools(bwrap, prlimit, onPath("setpriv"), shell);
    }

    private static Path onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    public SandboxSettings settings() {
        return settings;
    }

    /**
     * How memory and process limits are enforced on this host: a per-job cgroup ({@code "cgroup v1"} or
     * {@code "cgroup v2"}), or {@code "rlimits"} where no cgroup can be created (address space instead of
     * memory, see docs/sandbox.md). Found once by creating and removing a probe cgroup.
     */
    public String enforcement() {
        return enforcement;
    }

    /** One line on the limits in force, for the log of an evaluation. */
    public String describeLimits() {
        return String.format(Locale.ROOT, "bubblewrap, %s: memory %d MiB (heap %d), %d processes/threads, CPU %d s, wall %d s, "
                + "/tmp %d MiB, output %d MiB", enforcement, settings.memoryMib(), settings.heapMib(), settings.pids(),
                settings.cpuSeconds(), settings.wallSeconds(), settings.tmpMib(), settings.outputLimitMib());
    }

    private static String probeEnforcement(SandboxSettings settings) {
        Optional<JobCgroup> probe = JobCgroup.create("probe-" + java.util.UUID.randomUUID(), settings.memoryMib() * 1024L * 1024L,
                settings.pids());
        if (probe.isEmpty()) {
            return "rlimits";
        }
        try (JobCgroup cgroup = probe.get()) {
            return cgroup.version();
        }
    }

    @Override
    public boolean sandboxed() {
        return true;
    }

    @Override
    public JobOutcome run(PluginJob job, Inputs inputs, JobExecution.Progress progress) {
        if (!job.jobId().matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("job id " + job.jobId() + " is not a plain token");
        }
        Path folder = null;
        try {
            folder = stage.jobFolder(job.jobId());
            Path jobFile = folder.resolve("job.json");
            Files.write(jobFile, JobJson.write(job));
            Files.setPosixFilePermissions(jobFile, PosixFilePermissions.fromString("rw-r--r--"));
            if (inputs != null && !(job instanceof PluginJob.Describe)) {
                SandboxStage.place(inputs.thetaOFile(), folder.resolve("theta_o.safetensors"));
            }
            return launch(job, folder, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sandbox for " + plugin.name() + "'s job: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JobOutcome.Failed(job.jobId(), "interrupted while " + plugin.name() + "'s job ran");
        } finally {
            if (folder != null) {
                SandboxStage.delete(folder);
            }
        }
    }

    private JobOutcome launch(PluginJob job, Path folder, JobExecution.Progress progress) throws IOException, InterruptedException {
        long memoryBytes = settings.memoryMib() * 1024L * 1024L;
        Optional<JobCgroup> cgroup = JobCgroup.create("job-" + job.jobId(), memoryBytes, settings.pids());
        try {
            List<String> command = command(job, folder, cgroup.orElse(null));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            long start = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            AtomicBoolean killed = new AtomicBoolean();
            Runnable kill = () -> {
                killed.set(true);
                process.destroyForcibly();
                cgroup.ifPresent(JobCgroup::killAll);
            };
            long outcomeLimit = outcomeLimit(job);
            BoundedOutput out = new BoundedOutput(process.getInputStream(), outcomeLimit, outcomeLimit, kill, null);
            BoundedOutput err = new BoundedOutput(process.getErrorStream(), settings.outputKeptKib() * 1024L,
                    settings.outputLimitMib() * 1024L * 1024L, kill, line -> progress(line, progress));
            Thread outReader = reader(out, "sandbox-stdout");
            Thread errReader = reader(err, "sandbox-stderr");
            boolean ended = process.waitFor(settings.wallSeconds(), TimeUnit.SECONDS);
            boolean wallExceeded = !ended;
            if (!ended) {
                kill.run();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            cgroup.ifPresent(JobCgroup::killAll);
            outReader.join(5_000);
            errReader.join(5_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            int status = process.isAlive() ? -1 : process.exitValue();
            String reason = failure(job, status, wallExceeded, killed.get(), out, err, cgroup.orElse(null), seconds);
            if (reason != null) {
                return new JobOutcome.Failed(job.jobId(), reason + printed(err));
            }
            try {
                return JobJson.readOutcome(out.kept());
            } catch (IllegalArgumentException e) {
                return new JobOutcome.Failed(job.jobId(), plugin.name() + "'s sandboxed job wrote a malformed outcome ("
                        + e.getMessage() + ")" + printed(err));
            }
        } finally {
            cgroup.ifPresent(JobCgroup::close);
        }
    }

    /** The reason the child failed, or null when it exited normally with an outcome to read. */
    private String failure(PluginJob job, int status, boolean wallExceeded, boolean killed, BoundedOutput out, BoundedOutput err,
                           JobCgroup cgroup, double seconds) {
        String who = plugin.name() + "'s sandboxed " + stage(job) + " job";
        String log = err.text();
        if (wallExceeded) {
            return String.format(Locale.ROOT, "%s exceeded its wall-clock limit of %d s (sandbox setting wall-seconds) and was killed",
                    who, settings.wallSeconds());
        }
        if (err.overLimit()) {
            return String.format(Locale.ROOT, "%s printed more than %d MiB to stdout/stderr (sandbox setting output-limit-mib) "
                    + "and was killed", who, settings.outputLimitMib());
        }
        if (out.overLimit()) {
            return String.format(Locale.ROOT, "%s wrote more than the %d bytes its outcome can take to the outcome channel and was "
                    + "killed", who, outcomeLimit(job));
        }
        if (cgroup != null && cgroup.oomKilled()) {
            return String.format(Locale.ROOT, "%s exceeded its memory limit of %d MiB (sandbox setting memory-mib; Java heap and "
                    + "native memory together) and was killed by the kernel", who, settings.memoryMib());
        }
        // RLIMIT_CPU ends with SIGXCPU, then SIGKILL at the hard limit; a SIGKILL comes from the limit only if the job
        // ran long enough to spend it on every core this host has
        boolean couldSpendItsCpuTime = seconds * Runtime.getRuntime().availableProcessors() >= settings.cpuSeconds();
        if (status == 128 + 24 || (status == 128 + 9 && log.isEmpty() && !killed && seconds < settings.wallSeconds()
                && couldSpendItsCpuTime)) {
            return String.format(Locale.ROOT, "%s exceeded its CPU-time limit of %d s (sandbox setting cpu-seconds) and was killed",
                    who, settings.cpuSeconds());
        }
        if (status == 128 + 9 && !killed) {
            return String.format(Locale.ROOT, "%s was killed (SIGKILL) after %.1f s by something outside the harness, within all "
                    + "its limits (the host's OOM killer or an operator)%s", who, seconds,
                    log.isBlank() ? "" : "; its last output: " + lastLines(log, 3));
        }
        if (status == CGROUP_JOIN_FAILED) {
            return who + " could not be put into its cgroup";
        }
        if (log.contains("OutOfMemoryError") && log.contains("unable to create native thread")) {
            return String.format(Locale.ROOT, "%s could not start another thread: it reached its limit of %d processes and threads "
                    + "(sandbox setting pids)", who, settings.pids());
        }
        if (log.contains("OutOfMemoryError") || status == 3) {
            return String.format(Locale.ROOT, "%s ran out of Java heap (%d MiB, sandbox setting heap-mib)", who, settings.heapMib());
        }
        if (status == 0 && out.total() == 0) {
            return who + " ended its process (exit status 0) before writing an outcome: plugin code called System.exit or "
                    + "Runtime.halt";
        }
        if (status != 0) {
            if (log.contains("bwrap:")) {
                return who + " could not start its sandbox: " + lastLines(log, 3);
            }
            return who + " exited with status " + status + " before writing an outcome"
                    + (log.isBlank() ? "" : "; its last output: " + lastLines(log, 3));
        }
        return null;
    }

    private static String stage(PluginJob job) {
        if (job instanceof PluginJob.Describe) {
            return "loading";
        }
        return job instanceof PluginJob.Localize ? "scoring" : "unlearning";
    }

    private static String printed(BoundedOutput err) {
        return err.dropped() > 0 ? String.format(Locale.ROOT, " (it printed %d bytes; %d were dropped)", err.total(), err.dropped()) : "";
    }

    private static String lastLines(String log, int count) {
        String[] lines = log.strip().split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = Math.max(0, lines.length - count); i < lines.length; i++) {
            if (!lines[i].startsWith(SandboxChild.PROGRESS)) {
                b.append(b.length() == 0 ? "" : " | ").append(lines[i].strip());
            }
        }
        return b.length() > 600 ? b.substring(0, 600) + "..." : b.toString();
    }

    private static void progress(String line, JobExecution.Progress progress) {
        if (progress == null || !line.startsWith(SandboxChild.PROGRESS)) {
            return;
        }
        String[] parts = line.substring(SandboxChild.PROGRESS.length()).trim().split("/");
        try {
            progress.step(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (RuntimeException ignored) {
            // a line that only looks like progress (plugin output): not ours to act on
        }
    }

    private static Thread reader(BoundedOutput output, String name) {
        Thread t = new Thread(output, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** What an honest outcome of this job can weigh: its arrays in base64 plus room for the rest. */
    private static long outcomeLimit(PluginJob job) {
        long floats = 0;
        if (job instanceof PluginJob.Localize l) {
            floats = (long) l.model().layers() * l.model().dFf();
        } else if (job instanceof PluginJob.Unlearn u) {
            floats = (long) u.region().size() * u.model().dModel();
        }
        return 1024 * 1024 + floats * 4 * 4 / 3 + 1024;
    }

    /** The whole command line: launcher (cgroup, seccomp fd), rlimits, unprivileged uid, bubblewrap, JVM. */
    List<String> command(PluginJob job, Path folder, JobCgroup cgroup) {
        List<String> c = new ArrayList<>();
        c.add(tools.shell().toString());
        c.add("-c");
        c.add(LAUNCHER);
        c.add("lacuna-sandbox");
        c.add(seccomp.toString());
        if (cgroup != null) {
            cgroup.procsFiles().forEach(f -> c.add(f.toString()));
        }
        c.add("--");
        c.add(tools.prlimit().toString());
        c.add("--cpu=" + settings.cpuSeconds() + ":" + (settings.cpuSeconds() + 5));
        c.add("--core=0");
        c.add("--fsize=" + settings.tmpMib() * 1024L * 1024L);
        boolean root = isRoot();
        if (cgroup == null) {
            c.add("--as=" + settings.memoryMib() * 1024L * 1024L);
            if (root) {
                c.add("--nproc=" + settings.pids());
            }
        }
        c.add("--");
        if (root) {
            if (tools.setpriv() == null) {
                throw new SandboxUnavailableException("the harness runs as root, and the sandbox needs setpriv (util-linux) to drop to"
                        + " an unprivileged uid: 'apt-get install util-linux'");
            }
            c.add(tools.setpriv().toString());
            c.add("--reuid=" + NOBODY);
            c.add("--regid=" + NOBODY);
            c.add("--clear-groups");
            c.add("--");
        }
        c.addAll(bubblewrap(job, folder));
        c.addAll(jvm());
        return c;
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private List<String> bubblewrap(PluginJob job, Path folder) {
        List<String> b = new ArrayList<>(List.of(tools.bwrap().toString(),
                "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL", "--uid", Integer.toString(NOBODY), "--gid", Integer.toString(NOBODY),
                "--hostname", "lacuna-sandbox", "--clearenv",
                "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp", "--setenv", "LANG", "C.UTF-8",
                "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LACUNA_SANDBOX", "1",
                "--ro-bind", "/usr", "/usr"));
        for (String top : List.of("bin", "lib", "lib32", "lib64", "libx32", "sbin")) {
            Path p = Path.of("/" + top);
            if (Files.isSymbolicLink(p)) {
                try {
                    b.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), p.toString()));
                } catch (IOException ignored) {
                    // unreadable link: leave it out
                }
            } else if (Files.isDirectory(p)) {
                b.addAll(List.of("--ro-bind", p.toString(), p.toString()));
            }
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (!javaHome.startsWith("/usr")) {
            b.addAll(List.of("--ro-bind", javaHome.toString(), javaHome.toString()));
        }
        for (Path target : javaHomeLinks) {
            if (!target.startsWith("/usr")) {
                b.addAll(List.of("--ro-bind", target.toString(), target.toString()));
            }
        }
        if (Files.isRegularFile(Path.of("/etc/ld.so.cache"))) {
            b.addAll(List.of("--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"));
        }
        b.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(settings.tmpMib() * 1024L * 1024L), "--tmpfs", "/tmp",
                "--dir", "/job",
                "--ro-bind", stage.root().resolve("lib").toString(), "/job/lib",
                "--ro-bind", stage.root().resolve("plugin.jar").toString(), "/job/plugin.jar",
                "--ro-bind", folder.resolve("job.json").toString(), "/job/job.json"));
        if (Files.exists(folder.resolve("theta_o.safetensors"))) {
            b.addAll(List.of("--ro-bind", folder.resolve("theta_o.safetensors").toString(), "/job/theta_o.safetensors"));
        }
        if (stage.nativeCache() != null) {
            b.addAll(List.of("--ro-bind", stage.nativeCache().toString(), "/job/djl"));
        }
        if (settings.gpu() == 1) {
            b.addAll(GpuBinds.arguments());
        }
        b.addAll(List.of("--chdir", "/tmp", "--seccomp", "9", "--"));
        return b;
    }

    private List<String> jvm() {
        List<String> j = new ArrayList<>();
        j.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        j.add("-Xmx" + settings.heapMib() + "m");
        j.add("-XX:+UseSerialGC");
        // one job per JVM: C2 would compile on the core a second worker's job needs (see the CLI's ChildJvm)
        j.add("-XX:TieredStopAtLevel=1");
        j.add("-XX:+ExitOnOutOfMemoryError");
        j.add("-XX:+DisplayVMOutputToStderr");
        j.add("-XX:-UsePerfData");
        j.add("-Xshare:auto");
        j.add("-Djava.io.tmpdir=/tmp");
        j.add("-Duser.home=/tmp");
        j.add("-Dai.djl.offline=true");
        j.add("-DENGINE_CACHE_DIR=/job/djl");
        j.add("-Dai.djl.pytorch.num_interop_threads=1");
        if (settings.threads() > 0) {
            j.add("-Dai.djl.pytorch.num_threads=" + settings.threads());
        }
        j.add("-cp");
        j.add(String.join(File.pathSeparator, stage.classPath()));
        j.add(SandboxChild.class.getName());
        j.add("/job/job.json");
        return j;
    }

    @Override
    public void close() {
        stage.close();
    }
}
