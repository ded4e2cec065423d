package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.cli.Evaluations.Run;
import dev.lacuna.spi.PluginKind;
import dev.lacuna.submissions.random.RandomLocalizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

    @TempDir
    Path folder;

    @Test
    void aWellFormedJarIsValid() throws Exception {
        Path jar = PluginJars.pack(folder, "random", PluginKind.LOCALIZER, RandomLocalizer.class);

        Run run = validate(jar);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("valid: random 1\\.0\\.0 \\(localizer, " + RandomLocalizer.class.getName().replace(".", "\\.")
                + ", sha256 [0-9a-f]{64}\\)\\R");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aJarWithAnEntryOutsideItsRootIsRefusedWithTheRule() throws Exception {
        Path jar = folder.resolve("evil.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("../../etc/cron.d/evil"));
            out.write("* * * * * root true\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        Run run = validate(jar);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("refused: ").contains("evil.jar", "rule 'path'", "../../etc/cron.d/evil");
        assertThat(run.out() + run.err()).doesNotContain("Exception", "\tat ");
    }

    private static Run validate(Path jar) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LacunaCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("validate", jar.toString());
        return new Run(code, out.toString(), err.toString());
    }
}
