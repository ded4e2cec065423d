package dev.lacuna.cli;

import dev.lacuna.engine.testbed.TestbedGateException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the offline commands behind {@code ./lacuna}. The launcher script handles
 * {@code serve} and {@code build} itself and hands every other subcommand to this class.
 */
@Command(name = "lacuna",
        mixinStandardHelpOptions = true,
        versionProvider = LacunaCli.Version.class,
        description = "Lacuna Bench offline commands.",
        subcommands = {DataCommand.class, TestbedCommand.class, BenchCommand.class, EvaluateCommand.class,
            ValidateCommand.class, LeaderboardCommand.class, SweepWorkerCommand.class,
            WorkerCommand.class, TaskRunCommand.class, SubmitCommand.class, CiCommand.class, ReportCommand.class,
            NewCommand.class, PlanCommand.class})
public final class LacunaCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String... args) {
        System.exit(execute(args));
    }

    /**
     * Runs a command line and returns its exit code: 0 success, 1 failure, 2 usage error. Usage errors are
     * one line on stderr: the problem and the help command of the subcommand concerned.
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for callers that redirect its output. */
    static CommandLine commandLine() {
        return new CommandLine(new LacunaCli())
                .setParameterExceptionHandler((e, args1) -> {
                    CommandLine command = e.getCommandLine();
                    command.getErr().println("lacuna: " + e.getMessage() + " ('./" + command.getCommandSpec().qualifiedName(" ")
                            + " --help' lists the options)");
                    command.getErr().flush();
                    return 2;
                })
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    String message = e instanceof TestbedGateException gate ? TestbedCommand.gateFailure(gate) : e.getMessage();
                    commandLine.getErr().println("lacuna: " + message);
                    commandLine.getErr().flush();
                    return 1;
                });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /**
     * The project version, from a resource Maven fills in at build time: a manifest entry would be missing
     * wherever the classes run outside the JAR, and the server prints the same version.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties properties = new java.util.Properties();
            try (java.io.InputStream in = LacunaCli.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new java.io.IOException("version.properties is missing from the command line's classes: rebuild with ./lacuna build");
                }
                properties.load(in);
            }
            return new String[] {"Lacuna Bench " + properties.getProperty("version")};
        }
    }
}
