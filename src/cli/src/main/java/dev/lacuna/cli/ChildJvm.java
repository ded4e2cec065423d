package dev.lacuna.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs one {@code lacuna} subcommand with one PyTorch thread: the
 * unit of parallel work on a CPU, where several one-thread processes outrun one multi-thread process.
 *
 * <p>Every child but a testbed build runs one job of seconds to minutes (a task, a sweep) and is started
 * afresh for the next, so it stops at the C1 compiler: C2 would spend about a sixth of such a child's CPU
 * time compiling code that then runs a few seconds, on the core a second worker's child needs (measured
 * in the platform scaling benchmark: two workers took 0.77 of one worker's time with C2, 0.53 without;
 * docs/benchmarks.md). A build trains for minutes to hours, where C2's faster code pays (16 % more training
 * steps per second on the tiny model).
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> command(List<String> lacunaArguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (!lacunaArguments.isEmpty() && !lacunaArguments.get(0).equals("testbed")) {
            command.add("-XX:TieredStopAtLevel=1");
        }
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
