package dev.lacuna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine;

/** Runs {@code lacuna evaluate} in-process and validates results against docs/result-schema.json. */
final class Evaluations {

    /** What one command run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    private Evaluations() {
    }

    static Run evaluate(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 3];
        full[0] = "evaluate";
        full[1] = "--home";
        full[2] = home.toString();
        System.arraycopy(args, 0, full, 3, args.length);
        CommandLine cli = LacunaCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(full);
        return new Run(code, out.toString(), err.toString());
    }

    static Set<ValidationMessage> schemaErrors(JsonNode result) throws IOException {
        Path schemaFile = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "../.."), "docs", "result-schema.json");
        if (!Files.isRegularFile(schemaFile)) {
            schemaFile = Path.of("../../docs/result-schema.json");
        }
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(schemaFile));
        return schema.validate(result);
    }
}
