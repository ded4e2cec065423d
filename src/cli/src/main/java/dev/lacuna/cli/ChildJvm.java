package dev.lacuna.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs one {@code lacuna} subcommand with one PyTorch thread: the
 * unit of parallel work on a CPU, where several one-thread processes outrun one multi-thread process.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> command(List<String> lacunaArguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dai.djl.pytorch.num_threads=1");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-Dai.djl.offline=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LacunaCli.class.getName());
        command.addAll(lacunaArguments);
        return command;
    }
}
