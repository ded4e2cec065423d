package dev.lacuna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lacuna.results.ResultSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code lacuna evaluate} (or any command) in-process and validates results against the result schema. */
final class Evaluations {

    /** What one command run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    private Evaluations() {
    }

    /**
     * An evaluation computed in full ({@code --no-resume}): tests that compare two runs must compare two computations,
     * not a run with the outcomes it kept from the first.
     */
    static Run evaluate(Path home, String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "evaluate";
        full[1] = "--home";
        full[2] = home.toString();
        full[3] = "--no-resume";
        System.arraycopy(args, 0, full, 4, args.length);
        return run(full);
    }

    /** Runs any command line in this process, capturing what it prints. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LacunaCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** What the result schema refuses in a result, nothing for a valid one. */
    static List<String> schemaErrors(JsonNode result) {
        return ResultSchema.violations(result.toString());
    }
}
