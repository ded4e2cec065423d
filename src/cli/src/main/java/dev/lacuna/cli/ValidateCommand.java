package dev.lacuna.cli;

import dev.lacuna.engine.plugin.JarLimits;
import dev.lacuna.engine.plugin.JarValidator;
import dev.lacuna.engine.plugin.PluginDescriptor;
import dev.lacuna.engine.plugin.PluginException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna validate PATH.jar}: runs the checks the harness runs on every plugin JAR before storing or
 * loading it, so an author can see a refusal, with its rule and entry, before submitting. Nothing from the
 * JAR is loaded or run. The verdict is one line on stdout, so scripts can read it; a refusal is an expected
 * outcome, not an error, hence no stack trace.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a plugin JAR against the harness's rules (size, entries, class files, manifest, services "
                + "file) without running any of its code; prints 'valid: ...' (exit 0) or 'refused: ...' (exit 1)."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH.jar", description = "The plugin JAR to check.")
    Path jar;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            PluginDescriptor plugin = JarValidator.validate(jar, JarLimits.defaults());
            out.println("valid: " + plugin.name() + " " + plugin.version() + " (" + plugin.kind().label() + ", "
                    + plugin.implementationClass() + ", sha256 " + plugin.sha256() + ")");
            return 0;
        } catch (PluginException e) {
            out.println("refused: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }
}
