package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The GitHub workflows hold together outside GitHub: every file parses as YAML, every {@code ./lacuna} command their
 * steps and scripts call is one the launcher passes on and this command line has, every script they name exists and
 * can run, and each of those commands and scripts is run by a test.
 */
class WorkflowFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("test.repository.dir", "../..")).toAbsolutePath().normalize();
    private static final Path WORKFLOWS = ROOT.resolve(".github/workflows");
    private static final Pattern LACUNA = Pattern.compile("(?:\\./lacuna|\"\\$LACUNA\")\\s+([a-z][a-z-]*)(?:\\s+([a-z][a-z-]*))?");
    private static final Pattern SCRIPT = Pattern.compile("\\.github/scripts/([A-Za-z0-9_.-]+)");

    @Test
    void everyWorkflowParsesWithJobsAndLeastPermissions() throws IOException {
        List<Path> files = workflows();
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("ci.yml", "evaluate-submission.yml", "comment-evaluation.yml", "publish-leaderboard.yml");
        for (Path file : files) {
            JsonNode workflow = new YAMLMapper().readTree(file.toFile());
            assertThat(workflow.path("jobs").isObject()).as(file + " has jobs").isTrue();
            assertThat(workflow.has("on") || workflow.has("true")).as(file + " has triggers").isTrue();
        }
        JsonNode evaluate = new YAMLMapper().readTree(WORKFLOWS.resolve("evaluate-submission.yml").toFile());
        assertThat(evaluate.path("on").has("pull_request_target")).isFalse();
        assertThat(evaluate.path("permissions").toString()).isEqualTo("{\"contents\":\"read\"}");
        assertThat(evaluate.path("jobs").path("evaluate").path("steps").get(0).path("with").path("ref").asText())
                .as("the harness that evaluates is the base commit's").isEqualTo("${{ github.event.pull_request.base.sha }}");
        JsonNode comment = new YAMLMapper().readTree(WORKFLOWS.resolve("comment-evaluation.yml").toFile());
        assertThat(comment.path("permissions").toString()).isEqualTo("{}");
        assertThat(comment.path("jobs").path("comment").path("permissions").toString())
                .isEqualTo("{\"actions\":\"read\",\"pull-requests\":\"write\"}");
    }

    @Test
    void everyLacunaCommandTheWorkflowsCallExistsAndATestRunsIt() throws IOException {
        Set<String> commands = new TreeSet<>();
        for (String text : sources()) {
            Matcher m = LACUNA.matcher(text);
            while (m.find()) {
                commands.add(m.group(2) == null ? m.group(1) : m.group(1) + " " + m.group(2));
            }
        }
        assertThat(commands).contains("ci changed-submissions", "validate", "evaluate", "report", "leaderboard index",
                "leaderboard verify");
        CommandLine cli = LacunaCli.commandLine();
        String tests = testSources();
        Set<String> dispatched = launcherCommands();
        for (String command : commands) {
            String[] words = command.split(" ");
            assertThat(dispatched).as("the ./lacuna launcher passes '" + words[0] + "' on").contains(words[0]);
            CommandLine sub = cli.getSubcommands().get(words[0]);
            assertThat(sub).as("'lacuna " + command + "' is a command of the command line").isNotNull();
            String leaf = words[0];
            if (!sub.getSubcommands().isEmpty()) {
                assertThat(words).as("'lacuna " + command + "' names a subcommand").hasSize(2);
                assertThat(sub.getSubcommands()).as("'lacuna " + command + "'").containsKey(words[1]);
                leaf = words[1];
            }
            assertThat(tests).as("a test runs 'lacuna " + command + "'").contains("\"" + leaf + "\"");
        }
    }

    @Test
    void everyScriptTheWorkflowsNameExistsCanRunAndATestRunsIt() throws IOException {
        Set<String> scripts = new TreeSet<>();
        for (String text : sources()) {
            Matcher m = SCRIPT.matcher(text);
            while (m.find()) {
                scripts.add(m.group(1));
            }
        }
        assertThat(scripts).contains("build-submissions", "evaluate-plugins", "publish-results", "pr-comment");
        String tests = Files.readString(ROOT.resolve("src/cli/src/test/java/dev/lacuna/cli/WorkflowScriptsTest.java"));
        for (String script : scripts) {
            Path file = ROOT.resolve(".github/scripts").resolve(script);
            assertThat(file).as(script).isRegularFile();
            assertThat(Files.isExecutable(file)).as(script + " is executable").isTrue();
            // a script that another script runs is exercised through it
            boolean run = tests.contains("\"" + script + "\"") || calledBy(script, scripts);
            assertThat(run).as("a test runs " + script).isTrue();
        }
    }

    /** The commands the launcher's top-level {@code case} handles, as in {@code data|testbed|evaluate)}. */
    private static Set<String> launcherCommands() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^  ([a-z|-]+)\\)").matcher(Files.readString(ROOT.resolve("lacuna")));
        while (m.find()) {
            names.addAll(List.of(m.group(1).split("\\|")));
        }
        return names;
    }

    private static boolean calledBy(String script, Set<String> scripts) throws IOException {
        String tests = Files.readString(ROOT.resolve("src/cli/src/test/java/dev/lacuna/cli/WorkflowScriptsTest.java"));
        for (String caller : scripts) {
            if (!caller.equals(script) && tests.contains("\"" + caller + "\"")
                    && Files.readString(ROOT.resolve(".github/scripts").resolve(caller)).contains(".github/scripts/" + script)) {
                return true;
            }
        }
        return false;
    }

    /** The run steps of every workflow and the text of every script. */
    private static List<String> sources() throws IOException {
        List<String> texts = new ArrayList<>();
        for (Path file : workflows()) {
            new YAMLMapper().readTree(file.toFile()).path("jobs").forEach(job -> job.path("steps")
                    .forEach(step -> texts.add(step.path("run").asText(""))));
        }
        try (Stream<Path> scripts = Files.list(ROOT.resolve(".github/scripts"))) {
            for (Path script : scripts.sorted().toList()) {
                texts.add(Files.readString(script));
            }
        }
        return texts;
    }

    /** Every test source of the command line but this one, which names commands without running them. */
    private static String testSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/cli/src/test/java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                if (!f.getFileName().toString().equals(WorkflowFilesTest.class.getSimpleName() + ".java")) {
                    all.append(Files.readString(f));
                }
            }
        }
        return all.toString();
    }

    private static List<Path> workflows() throws IOException {
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
