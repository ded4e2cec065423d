package dev.lacuna.cli;

import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.checkpoint.HfConfig;
import dev.lacuna.engine.model.PaperModels;
import dev.lacuna.engine.training.MemoryPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lacuna plan ...}: what a run will need, computed before anything is loaded. */
@Command(name = "plan", description = "Estimate what a run needs before starting it.", mixinStandardHelpOptions = true,
        subcommands = PlanCommand.Memory.class)
final class PlanCommand {

    private PlanCommand() {
    }

    @Command(name = "memory", mixinStandardHelpOptions = true, description = {
        "GPU memory of masked training: every weight frozen in bf16, the region's value vectors trainable with a float32 "
                + "master copy, gradient and AdamW moments, activations checkpointed per layer (MemoryPlan states the formula).",
        "Prints one line per part, in bytes and GiB, then the total."})
    static final class Memory implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "NAME|CONFIG.json",
                description = "llama-3.1-8b, olmo-2-7b, olmo-2-1b (or their -instruct names), or a checkpoint's config.json.")
        String model;

        @Option(names = "--region", required = true, paramLabel = "P", description = "Region fraction p of all value vectors, e.g. 0.10.")
        double region;

        @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "Sequences per step (default 16).")
        int batch;

        @Option(names = "--seq", defaultValue = "512", paramLabel = "T", description = "Tokens per sequence (default 512).")
        int seq;

        @Option(names = "--weights", defaultValue = "bf16", paramLabel = "bf16|fp32",
                description = "Type of the frozen weights and activations (default bf16).")
        String weights;

        @Option(names = "--all-parameters",
                description = "Every parameter trainable instead of the region (stage A of a testbed build); --region is then ignored.")
        boolean allParameters;

        @Override
        public void run() {
            if (!(region > 0 && region <= 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--region must lie in (0, 1], got " + region);
            }
            if (batch < 1 || seq < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--batch and --seq must be at least 1");
            }
            MemoryPlan.WeightType type;
            ModelConfig config;
            try {
                type = MemoryPlan.WeightType.parse(weights);
                config = resolve(model);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            MemoryPlan plan = allParameters ? MemoryPlan.fullFineTune(config, batch, seq, type)
                    : MemoryPlan.of(config, region, batch, seq, type);
            PrintWriter out = spec.commandLine().getOut();
            print(plan, out);
            out.flush();
        }

        /** A named shape, or a checkpoint's {@code config.json} (a file, or a folder holding one). */
        static ModelConfig resolve(String model) {
            if (PaperModels.isKnown(model)) {
                return PaperModels.named(model);
            }
            Path path = Path.of(model);
            Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("unknown model '" + model + "': name one of " + String.join(", ", PaperModels.NAMES)
                        + ", or a checkpoint's config.json");
            }
            Path folder = file.toAbsolutePath().getParent();
            String name = folder != null && folder.getFileName() != null ? folder.getFileName().toString() : "config";
            try {
                return HfConfig.parse(Files.readString(file, StandardCharsets.UTF_8))
                        .modelConfig(name.toLowerCase(Locale.ROOT), Integer.MAX_VALUE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The plan as the command prints it: one {@code part: BYTES bytes (GIB GiB)} line per part. */
    static void print(MemoryPlan plan, PrintWriter out) {
        ModelConfig m = plan.model();
        boolean full = plan.trainableParameters() == m.parameters();
        out.printf(Locale.ROOT, "memory plan: %s (%,d parameters, L=%d d=%d d_ff=%d heads=%d/%d kv, vocab %d)%n", m.name(),
                m.parameters(), m.layers(), m.dModel(), m.dFf(), m.heads(), m.kvHeads(), m.vocab());
        out.printf(Locale.ROOT, "trainable: %s, batch %d x %d tokens, weights %s%n", full ? "every parameter"
                : String.format(Locale.ROOT, "region p = %.4f, %d of %d value vectors", plan.regionFraction(), plan.regionRows(),
                m.valueVectors()), plan.batch(), plan.sequenceLength(), plan.weights().label());
        line(out, "frozen weights (" + plan.weights().label() + ")", plan.frozenWeightBytes());
        line(out, "trainable master copy (float32, " + plan.trainableParameters() + " parameters)", plan.masterBytes());
        line(out, "gradients (float32)", plan.gradientBytes());
        line(out, "AdamW m (float32)", plan.adamMBytes());
        line(out, "AdamW v (float32)", plan.adamVBytes());
        line(out, "activations (checkpointed per layer)", plan.activationBytes());
        line(out, "total", plan.totalBytes());
        out.printf(Locale.ROOT, "fits one 80 GB GPU with 15 %% to spare: %s (the estimate leaves out the CUDA context, "
                + "allocator fragmentation and a second model copy)%n", plan.fits(80L * 1000 * 1000 * 1000) ? "yes" : "no");
    }

    private static void line(PrintWriter out, String part, long bytes) {
        out.printf(Locale.ROOT, "%-58s %,18d bytes %9.2f GiB%n", part + ":", bytes, bytes / (double) (1L << 30));
    }
}
