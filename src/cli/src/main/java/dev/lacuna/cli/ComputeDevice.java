package dev.lacuna.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --device} of a command, {@code cpu} or {@code cuda:N}, read in this one place so that every command
 * accepts and refuses the same spellings. A CUDA device is checked against the PyTorch engine this process loaded
 * before any work starts: the build bundles the CPU libtorch, and a run that asked for a GPU must stop with what is
 * missing rather than compute on the CPU unnoticed.
 *
 * @param cuda  whether this is a CUDA device
 * @param index the GPU's index (0 for the CPU)
 */
record ComputeDevice(boolean cuda, int index) {

    static final ComputeDevice CPU = new ComputeDevice(false, 0);

    private static final Pattern CUDA = Pattern.compile("cuda:(0|[1-9][0-9]{0,3})");

    ComputeDevice {
        if (index < 0 || (!cuda && index != 0)) {
            throw new IllegalArgumentException("invalid device: cuda " + cuda + ", index " + index);
        }
    }

    /** {@code cpu} or {@code cuda:N}; anything else is refused with the accepted forms. */
    static ComputeDevice parse(String text) {
        if (text.equals("cpu")) {
            return CPU;
        }
        Matcher m = CUDA.matcher(text);
        if (m.matches()) {
            return new ComputeDevice(true, Integer.parseInt(m.group(1)));
        }
        String hint = text.equals("cuda") || text.equals("gpu") ? " (name the GPU: cuda:0)" : "";
        throw new IllegalArgumentException("--device " + text + ": expected cpu or cuda:N with N a GPU index, e.g. cuda:0" + hint);
    }

    /** A command's {@code --device} value; a spelling {@link #parse} refuses is a usage error of that command. */
    static ComputeDevice option(CommandSpec spec, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** How commands and results name it: {@code cpu} or {@code cuda:N}. */
    String label() {
        return cuda ? "cuda:" + index : "cpu";
    }

    /** The DJL device: {@code Device.cpu()} or {@code Device.gpu(N)}. */
    Device djl() {
        return cuda ? Device.gpu(index) : Device.cpu();
    }

    /**
     * This device, once the loaded PyTorch engine can compute on it: a CUDA device needs libtorch built for CUDA and
     * at least {@code index + 1} visible GPUs. The message says which of the two is missing and how DJL is pointed at
     * the CUDA build (configuration only: the GPU worker image sets these variables).
     */
    ComputeDevice requireAvailable() {
        if (!cuda) {
            return this;
        }
        Engine engine = Engine.getInstance();
        boolean cudaBuild = engine.hasCapability(StandardCapabilities.CUDA);
        int gpus = engine.getGpuCount();
        if (cudaBuild && gpus > index) {
            return this;
        }
        String found = "the " + engine.getEngineName() + " engine loaded here " + (cudaBuild ? "is a CUDA build" : "is the CPU build of libtorch")
                + " and sees " + gpus + " GPU" + (gpus == 1 ? "" : "s");
        throw new IllegalStateException("--device " + label() + ": " + found + "; computing on " + label() + " needs DJL's CUDA "
                + "flavour of PyTorch (PYTORCH_FLAVOR=cu128 with PYTORCH_VERSION=2.7.1 and PYTORCH_LIBRARY_PATH naming a CUDA "
                + "libtorch, as docker/worker.Dockerfile sets them; docs/operations.md, \"Real checkpoints on GPU workers\") and "
                + (index + 1) + " visible NVIDIA GPU" + (index == 0 ? "" : "s") + "; nothing falls back to the CPU");
    }

    /**
     * Checks {@code --device} (parsed by {@link #parse}) for commands whose work runs on the CPU only so far:
     * the stored testbeds are loaded on the CPU ({@code StoredTestbeds.load}) and results record device {@code cpu}.
     * A CUDA device is checked first, so a host without one is told what is missing, and then refused rather than
     * quietly computed on the CPU.
     */
    static ComputeDevice requireCpu(CommandSpec spec, String device, String work) {
        ComputeDevice where = option(spec, device);
        if (where.cuda()) {
            where.requireAvailable();
            throw new IllegalStateException("--device " + where.label() + ": " + work + " does not compute on CUDA yet (stored "
                    + "testbeds are loaded on the CPU and results record device cpu); use --device cpu");
        }
        return where;
    }
}
