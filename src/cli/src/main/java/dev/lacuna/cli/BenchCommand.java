package dev.lacuna.cli;

import dev.lacuna.engine.training.ThroughputBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lacuna bench ...}: performance measurements of this machine. */
@Command(name = "bench", description = "Measure performance on this machine.", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Train.class, ScoringBench.Score.class, ScoringBench.Sweep.class, ScoringBench.Generate.class, SandboxBench.class})
final class BenchCommand {

    private BenchCommand() {
    }

    @Command(name = "train", description = {
        "Train a model configuration on random sequences and print tokens/s, the achieved training FLOP/s, the "
                + "FLOP/s of plain libtorch matrix products of the same shapes, and their ratio.",
        "Threads: JAVA_OPTS=\"-Dai.djl.pytorch.num_threads=N -Dai.djl.pytorch.num_interop_threads=1\"."},
            mixinStandardHelpOptions = true)
    static final class Train implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--model", paramLabel = "NAME", description = "tiny or small (default: small).")
        String model = "small";

        @Option(names = "--steps", paramLabel = "N", description = "Timed training steps (default: 30).")
        int steps = 30;

        @Option(names = "--batch", paramLabel = "N", description = "Sequences per step (default: 32).")
        int batch = 32;

        @Option(names = "--vocab", paramLabel = "N", description = "Vocabulary size (default: 4096).")
        int vocab = 4096;

        @Override
        public void run() {
            if (!model.equals("tiny") && !model.equals("small")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown model '" + model + "': expected tiny or small");
            }
            if (steps < 1 || batch < 1 || vocab < 300) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--steps and --batch must be at least 1 and --vocab at least 300");
            }
            ThroughputBenchmark.main(new String[] {model, Integer.toString(steps), Integer.toString(batch), "40", "24",
                    Integer.toString(vocab)});
            System.out.flush();
        }
    }
}
