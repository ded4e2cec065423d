package dev.lacuna.worker.sandbox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The limits of one sandboxed job. Every setting is declared once, in {@link Setting}, with its name, its
 * default and what it bounds; the command line, the docs and the child process all read them from there,
 * so a parent and its children cannot disagree about a limit. A default {@code wall-seconds} of 0 means
 * three times the CPU limit, as judges do (a job waiting for a core still finishes).
 */
public record SandboxSettings(int memoryMib, int heapMib, int pids, int cpuSeconds, int wallSeconds, int tmpMib,
                              int outputKeptKib, int outputLimitMib, int threads, int gpu) {

    /** One limit: its name on the command line ({@code --sandbox NAME=VALUE}), its default, what it bounds. */
    public enum Setting {
        MEMORY_MIB("memory-mib", 4096, "memory of the whole child (Java heap, libtorch's native arrays, /tmp), cgroup-enforced"),
        HEAP_MIB("heap-mib", 1024, "Java heap of the child (-Xmx); must be below memory-mib"),
        PIDS("pids", 128, "processes and threads of the child (a JVM needs about 20 to 60)"),
        CPU_SECONDS("cpu-seconds", 7200, "CPU time of the child, all threads together"),
        WALL_SECONDS("wall-seconds", 0, "wall-clock time of the child; 0 means 3 x cpu-seconds"),
        TMP_MIB("tmp-mib", 256, "size of the child's private /tmp"),
        OUTPUT_KEPT_KIB("output-kept-kib", 1024, "bytes of the child's stdout/stderr kept for the error message; the rest is counted"),
        OUTPUT_LIMIT_MIB("output-limit-mib", 16, "printed output after which the child is killed"),
        THREADS("threads", 0, "PyTorch threads of the child; 0 means the parent's own setting (same bits in and out of the sandbox)"),
        GPU("gpu", 0, "1 binds the NVIDIA devices and CUDA libraries into the sandbox (GPU hosts; docs/sandbox.md)");

        private final String key;
        private final int defaultValue;
        private final String doc;

        Setting(String key, int defaultValue, String doc) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.doc = doc;
        }

        public String key() {
            return key;
        }

        public int defaultValue() {
            return defaultValue;
        }

        public String doc() {
            return doc;
        }

        static Setting named(String key) {
            for (Setting s : values()) {
                if (s.key.equals(key)) {
                    return s;
                }
            }
            StringBuilder known = new StringBuilder();
            for (Setting s : values()) {
                known.append(known.length() == 0 ? "" : ", ").append(s.key);
            }
            throw new IllegalArgumentException("unknown sandbox setting '" + key + "' (known: " + known + ")");
        }
    }

    public SandboxSettings {
        if (memoryMib < 64 || heapMib < 16 || pids < 8 || cpuSeconds < 1 || wallSeconds < 1 || tmpMib < 1 || outputKeptKib < 1
                || outputLimitMib < 1 || threads < 0 || (gpu != 0 && gpu != 1)) {
            throw new IllegalArgumentException("sandbox limits out of range: " + this);
        }
        if (heapMib >= memoryMib) {
            throw new IllegalArgumentException("sandbox heap-mib " + heapMib + " must be below memory-mib " + memoryMib
                    + " (libtorch's memory lives outside the heap)");
        }
    }

    /** The defaults. */
    public static SandboxSettings defaults() {
        return of(Map.of());
    }

    /** The defaults with {@code overrides} (by {@link Setting#key()}) applied; unknown names and bad numbers are refused. */
    public static SandboxSettings of(Map<String, String> overrides) {
        Map<Setting, Integer> values = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            values.put(s, s.defaultValue);
        }
        overrides.forEach((key, value) -> {
            Setting s = Setting.named(key);
            try {
                values.put(s, Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sandbox setting " + key + " must be a whole number, got '" + value + "'");
            }
        });
        int cpu = values.get(Setting.CPU_SECONDS);
        int wall = values.get(Setting.WALL_SECONDS);
        int threads = values.get(Setting.THREADS);
        return new SandboxSettings(values.get(Setting.MEMORY_MIB), values.get(Setting.HEAP_MIB), values.get(Setting.PIDS), cpu,
                wall == 0 ? 3 * cpu : wall, values.get(Setting.TMP_MIB), values.get(Setting.OUTPUT_KEPT_KIB),
                values.get(Setting.OUTPUT_LIMIT_MIB), threads == 0 ? parentThreads() : threads, values.get(Setting.GPU));
    }

    /** Every setting by name, as {@link #of} reads them back: how the settings travel to another process. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Setting.MEMORY_MIB.key, Integer.toString(memoryMib));
        m.put(Setting.HEAP_MIB.key, Integer.toString(heapMib));
        m.put(Setting.PIDS.key, Integer.toString(pids));
        m.put(Setting.CPU_SECONDS.key, Integer.toString(cpuSeconds));
        m.put(Setting.WALL_SECONDS.key, Integer.toString(wallSeconds));
        m.put(Setting.TMP_MIB.key, Integer.toString(tmpMib));
        m.put(Setting.OUTPUT_KEPT_KIB.key, Integer.toString(outputKeptKib));
        m.put(Setting.OUTPUT_LIMIT_MIB.key, Integer.toString(outputLimitMib));
        m.put(Setting.THREADS.key, Integer.toString(threads));
        m.put(Setting.GPU.key, Integer.toString(gpu));
        return m;
    }

    /** One line per setting for {@code --help} and the docs: name, default, meaning. */
    public static String describe() {
        StringBuilder b = new StringBuilder();
        for (Setting s : Setting.values()) {
            b.append(String.format(Locale.ROOT, "  %-17s %6d  %s%n", s.key, s.defaultValue, s.doc));
        }
        return b.toString();
    }

    /** The parent's PyTorch thread count, or 0 where it left PyTorch its default (the child then does too). */
    private static int parentThreads() {
        String configured = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            return configured == null ? 0 : Math.max(0, Integer.parseInt(configured.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
