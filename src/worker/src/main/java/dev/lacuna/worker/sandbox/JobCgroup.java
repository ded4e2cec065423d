package dev.lacuna.worker.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cgroup per sandboxed job, capping memory (heap, native arrays and tmpfs pages alike, which an
 * {@code -Xmx} cannot) and the number of processes and threads. cgroup v2 where the host has the unified
 * hierarchy (typical of GPU hosts), v1 with its {@code memory} and {@code pids} controllers otherwise (this
 * project's CI). {@link #create} gives nothing where the process may not create cgroups (an unprivileged
 * harness without a delegated subtree); the sandbox then falls back to rlimits and says so.
 */
final class JobCgroup implements AutoCloseable {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final List<Path> folders;
    private final boolean v2;

    private JobCgroup(List<Path> folders, boolean v2) {
        this.folders = List.copyOf(folders);
        this.v2 = v2;
    }

    /** A new cgroup named {@code name} with the limits, or empty where cgroups cannot be created here. */
    static Optional<JobCgroup> create(String name, long memoryBytes, int pids) {
        try {
            if (Files.isRegularFile(ROOT.resolve("cgroup.controllers"))) {
                return Optional.of(createV2(name, memoryBytes, pids));
            }
            if (Files.isDirectory(ROOT.resolve("memory")) && Files.isDirectory(ROOT.resolve("pids"))) {
                return Optional.of(createV1(name, memoryBytes, pids));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static JobCgroup createV1(String name, long memoryBytes, int pids) throws IOException {
        Path memory = Files.createDirectories(ROOT.resolve("memory").resolve("lacuna").resolve(name));
        Path pidsFolder;
        try {
            pidsFolder = Files.createDirectories(ROOT.resolve("pids").resolve("lacuna").resolve(name));
        } catch (IOException e) {
            Files.deleteIfExists(memory);
            throw e;
        }
        JobCgroup cgroup = new JobCgroup(List.of(memory, pidsFolder), false);
        try {
            write(memory.resolve("memory.limit_in_bytes"), memoryBytes);
            if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                write(memory.resolve("memory.memsw.limit_in_bytes"), memoryBytes);
            }
            write(pidsFolder.resolve("pids.max"), pids);
            return cgroup;
        } catch (IOException e) {
            cgroup.close();
            throw e;
        }
    }

    private static JobCgroup createV2(String name, long memoryBytes, int pids) throws IOException {
        Path parent = ROOT.resolve(ownV2Path()).resolve("lacuna");
        Files.createDirectories(parent);
        Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory +pids");
        Path folder = Files.createDirectories(parent.resolve(name));
        JobCgroup cgroup = new JobCgroup(List.of(folder), true);
        try {
            write(folder.resolve("memory.max"), memoryBytes);
            if (Files.exists(folder.resolve("memory.swap.max"))) {
                write(folder.resolve("memory.swap.max"), 0);
            }
            write(folder.resolve("pids.max"), pids);
            return cgroup;
        } catch (IOException e) {
            cgroup.close();
            throw e;
        }
    }

    /** This process's own cgroup v2 path, relative to the hierarchy's root. */
    private static String ownV2Path() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8)) {
            if (line.startsWith("0::")) {
                return line.substring(3).replaceFirst("^/", "");
            }
        }
        return "";
    }

    /** The files a process writes its pid into to join this cgroup (one per hierarchy). */
    List<Path> procsFiles() {
        return folders.stream().map(f -> f.resolve("cgroup.procs")).toList();
    }

    String version() {
        return v2 ? "cgroup v2" : "cgroup v1";
    }

    /** Whether the kernel killed a process of this cgroup for exceeding its memory. */
    boolean oomKilled() {
        Path events = folders.get(0).resolve(v2 ? "memory.events" : "memory.oom_control");
        try {
            for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && (parts[0].equals("oom_kill") || parts[0].equals("oom")) && Long.parseLong(parts[1]) > 0) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** The most memory the cgroup used, in bytes, or -1 where the kernel does not say. */
    long peakBytes() {
        Path file = folders.get(0).resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes");
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Kills every process left in the cgroup (a child that outlived bubblewrap cannot outlive this). */
    void killAll() {
        for (Path folder : folders) {
            try {
                if (v2 && Files.exists(folder.resolve("cgroup.kill"))) {
                    Files.writeString(folder.resolve("cgroup.kill"), "1");
                    continue;
                }
                for (String pid : Files.readAllLines(folder.resolve("cgroup.procs"), StandardCharsets.UTF_8)) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // nothing left to kill, or the folder is already gone
            }
        }
    }

    /** Kills what is left, waits for the cgroup to empty and removes it. */
    @Override
    public void close() {
        for (int attempt = 0; attempt < 50; attempt++) {
            killAll();
            boolean removed = true;
            for (Path folder : folders) {
                try {
                    Files.deleteIfExists(folder);
                } catch (IOException e) {
                    removed = false;
                }
            }
            if (removed) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void write(Path file, long value) throws IOException {
        Files.writeString(file, Long.toString(value));
    }

}
