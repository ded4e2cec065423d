package dev.lacuna.cli;

import dev.lacuna.results.Result;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.results.ResultMarkdown;
import dev.lacuna.results.ResultSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna report RESULT.json}: a result file as the Markdown a pull request's comment shows
 * ({@link ResultMarkdown}). The file is checked against the schema first, so a comment never shows numbers the
 * leaderboard would refuse.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = {
    "Render a result file of 'evaluate' as Markdown: headline table with the Oracle and Random rows, p-values, "
            + "calibration, testbed hashes and, with --link, a link to the full result."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULT.json", description = "A result file (docs/result-schema.json).")
    Path file;

    @Option(names = "--format", defaultValue = "markdown", paramLabel = "markdown",
            description = "Output format; markdown is the only one (default).")
    String format;

    @Option(names = "--link", paramLabel = "URL", description = "An http(s) address of the full result, linked at the end.")
    String link;

    @Override
    public Integer call() {
        if (!format.equals("markdown")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be markdown, got '" + format + "'");
        }
        if (link != null && !isWebAddress(link)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--link must be an http or https address, got '" + link + "'");
        }
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such result file: " + file);
        }
        Result result = read(file);
        PrintWriter out = spec.commandLine().getOut();
        out.print(ResultMarkdown.of(result, link));
        out.flush();
        return 0;
    }

    /** The result in {@code file}, refused with the first thing that makes it no valid result file. */
    static Result read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not a result file: not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> violations = ResultSchema.violations(text);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(file + " is not a result file: " + violations.get(0)
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        }
        try {
            return ResultCodec.read(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a result file: " + e.getMessage());
        }
    }

    private static boolean isWebAddress(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
