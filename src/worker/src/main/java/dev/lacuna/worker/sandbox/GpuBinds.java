package dev.lacuna.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a sandboxed child needs of an NVIDIA GPU host, bound in only with {@code --sandbox gpu=1}: the
 * device nodes ({@code /dev/nvidia*}, {@code /dev/nvidia-caps}), the driver's {@code /proc/driver/nvidia},
 * read-only, and the folders of the parent's {@code LD_LIBRARY_PATH} outside /usr (where the CUDA runtime
 * that libtorch loads may live), read-only, with the same {@code LD_LIBRARY_PATH} set inside. The driver's
 * user-space libraries and {@code /usr/local/cuda} are under /usr, which the sandbox already binds.
 * Devices cannot be read-only; the GPU is the one shared thing a GPU job touches.
 */
final class GpuBinds {

    private GpuBinds() {
    }

    static List<String> arguments() {
        List<String> b = new ArrayList<>();
        try (Stream<Path> devices = Files.list(Path.of("/dev"))) {
            for (Path d : devices.filter(p -> p.getFileName().toString().startsWith("nvidia")).sorted().toList()) {
                b.addAll(List.of("--dev-bind", d.toString(), d.toString()));
            }
        } catch (IOException e) {
            throw new SandboxUnavailableException("--sandbox gpu=1: cannot list /dev for the NVIDIA devices: " + e.getMessage());
        }
        if (b.isEmpty()) {
            throw new SandboxUnavailableException("--sandbox gpu=1, but this host has no /dev/nvidia* devices");
        }
        if (Files.isDirectory(Path.of("/proc/driver/nvidia"))) {
            b.addAll(List.of("--ro-bind", "/proc/driver/nvidia", "/proc/driver/nvidia"));
        }
        Set<String> libraries = new LinkedHashSet<>();
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path != null) {
            for (String folder : path.split(":")) {
                if (!folder.isBlank() && Files.isDirectory(Path.of(folder))) {
                    libraries.add(Path.of(folder).toAbsolutePath().normalize().toString());
                }
            }
        }
        for (String folder : libraries) {
            if (!folder.startsWith("/usr/")) { // /usr, /usr/local/cuda included, is bound already
                b.addAll(List.of("--ro-bind", folder, folder));
            }
        }
        if (path != null) {
            b.addAll(List.of("--setenv", "LD_LIBRARY_PATH", path));
        }
        return b;
    }
}
