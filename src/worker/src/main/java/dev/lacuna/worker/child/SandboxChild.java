package dev.lacuna.worker.child;

import ai.djl.Device;
import dev.lacuna.engine.job.JobExecution;
import dev.lacuna.engine.job.JobJson;
import dev.lacuna.engine.job.JobOutcome;
import dev.lacuna.engine.job.PluginJob;
import dev.lacuna.engine.model.SafeTensors;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.plugin.LoadedPlugin;
import dev.lacuna.engine.plugin.PluginException;
import dev.lacuna.engine.plugin.PluginLoader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry point of a sandboxed child: reads one job from {@code /job/job.json}, loads the plugin from
 * {@code /job/plugin.jar} (its static initializers run here, inside the sandbox) and theta_o from
 * {@code /job/theta_o.safetensors}, runs the job and writes the outcome as one JSON document to the
 * process's original standard output. Plugin code gets a {@code System.out} that goes to standard error,
 * so its printing cannot corrupt the outcome by accident; on purpose it can, and the parent then refuses
 * the outcome. Progress goes to standard error as {@link #PROGRESS} lines.
 */
public final class SandboxChild {

    /** Prefix of a progress line on standard error: {@code PROGRESS done/total}. */
    public static final String PROGRESS = "lacuna-job-progress: ";

    /** Where the parent binds the job's files. */
    static final Path JOB = Path.of("/job/job.json");
    static final Path PLUGIN = Path.of("/job/plugin.jar");
    static final Path THETA_O = Path.of("/job/theta_o.safetensors");

    private SandboxChild() {
    }

    public static void main(String[] args) throws IOException {
        OutputStream outcomeChannel = new FileOutputStream(FileDescriptor.out);
        PrintStream err = System.err;
        System.setOut(err);
        Path jobFile = args.length > 0 ? Path.of(args[0]) : JOB;
        PluginJob job = JobJson.readJob(Files.readAllBytes(jobFile));
        JobOutcome outcome = run(job, err);
        outcomeChannel.write(JobJson.write(outcome));
        outcomeChannel.write('\n');
        outcomeChannel.flush();
        err.flush();
        System.exit(0);
    }

    private static JobOutcome run(PluginJob job, PrintStream err) {
        Class<?> type = dev.lacuna.engine.plugin.PluginLoader.interfaceOf(job.kind());
        try (LoadedPlugin<?> plugin = PluginLoader.load(PLUGIN, type)) {
            String name = plugin.descriptor().name();
            if (!plugin.descriptor().sha256().equals(job.pluginSha256())) {
                return new JobOutcome.Failed(job.jobId(), "the sandbox was given another JAR than the job names ("
                        + plugin.descriptor().sha256() + ", not " + job.pluginSha256() + ")");
            }
            Transformer thetaO = job instanceof PluginJob.Describe ? null : loadThetaO(job);
            try {
                return JobExecution.run(job, plugin.instance(), name, thetaO, (done, total) -> {
                    err.println(PROGRESS + done + "/" + total);
                    err.flush();
                });
            } finally {
                if (thetaO != null) {
                    thetaO.close();
                }
            }
        } catch (PluginException e) {
            return new JobOutcome.Failed(job.jobId(), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new JobOutcome.Failed(job.jobId(), "the plugin's job failed: " + e);
        }
    }

    private static Transformer loadThetaO(PluginJob job) {
        dev.lacuna.engine.model.ModelConfig config = job instanceof PluginJob.Localize l ? l.model() : ((PluginJob.Unlearn) job).model();
        try {
            return SafeTensors.readModel(config, Files.readAllBytes(THETA_O), Device.cpu());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read theta_o in the sandbox: " + e.getMessage(), e);
        }
    }

}
