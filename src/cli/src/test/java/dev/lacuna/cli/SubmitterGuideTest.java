package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lacuna.cli.Evaluations.Run;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows docs/submitting.md ("Your first plugin in 15 minutes") literally, in a temporary folder outside the
 * repository: installs the SPI and the test kit, scaffolds an objective with {@code lacuna new}, builds it with
 * {@code mvn package} (its unit test and JAR check included) against what was installed, validates the JAR, evaluates
 * it on synthetic/tiny with one seed, and renders the result as Markdown with {@code lacuna report}. Short protocol settings keep the evaluation to
 * seconds: this checks that the path works, not the numbers.
 *
 * <p><b>Where the SPI is installed.</b> Into a local repository this test owns ({@code -Dmaven.repo.local}), with the
 * reactor's own local repository chained read-only behind it ({@code -Dmaven.repo.local.tail}, Maven 3.9) and Maven
 * offline ({@code -o}). So the guide's {@code ./mvnw install -pl src/spi,src/spi-testkit -am} really runs, and what
 * it installs (the parent POM, both artifacts with sources and Javadoc) is what the project resolves, while a
 * {@code lacuna-spi} an earlier {@code install} left in the reactor's repository cannot hide a broken install, and
 * nothing is written into the user's {@code ~/.m2}. Offline works on a fresh clone after {@code ./mvnw verify}
 * because that build fetched everything the two nested builds need: the SPI's dependencies and plugins (sources and
 * Javadoc run in {@code verify}), the submissions' Failsafe and the test kit's PyTorch, and the install plugin, which
 * this module's build resolves for this test alone ({@code dependency:resolve-plugins}). No network is used.
 *
 * <p>The install runs in a copy of the checkout (its POMs, the wrapper and the two modules' sources), not in the
 * repository itself, whose {@code target/} folders the running build is using. The {@code lacuna} commands run in
 * this JVM through {@link LacunaCli} (what the launcher execs, with the same arguments), as the other tests of this
 * module do, since {@code lacuna-cli.jar} is not packaged yet when they run; the synthetic/tiny testbed of mask seed
 * 7 is the one these tests share ({@link TinyTestbedHome}), which {@code lacuna testbed build --mask-seed 7} builds.
 */
class SubmitterGuideTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?");
    private static final long MAVEN_MINUTES = 5;

    @TempDir
    Path work;

    @Test
    void aNewSubmitterWritesTestsValidatesAndEvaluatesAnObjectiveOutsideTheRepository() throws Exception {
        Path repository = Path.of(System.getProperty("lacuna.repository.root", "../..")).toAbsolutePath().normalize();
        Path reactorRepository = Path.of(System.getProperty("lacuna.test.local-repository",
                System.getProperty("user.home") + "/.m2/repository"));
        Path localRepository = work.resolve("m2");

        // 1. install the SPI and the test kit (in a copy of the checkout)
        Path checkout = copyOfCheckout(repository, work.resolve("lacuna-bench"));
        maven(checkout, localRepository, reactorRepository, "install", "-pl", "src/spi,src/spi-testkit", "-am");
        Path installed = localRepository.resolve("dev/lacuna");
        for (String artifact : List.of("lacuna-spi", "lacuna-spi-testkit")) {
            for (String suffix : List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar")) {
                assertThat(installed.resolve(artifact + "/0.1.0-SNAPSHOT/" + artifact + "-0.1.0-SNAPSHOT" + suffix)).isRegularFile();
            }
        }
        assertThat(installed.resolve("lacuna-parent/0.1.0-SNAPSHOT/lacuna-parent-0.1.0-SNAPSHOT.pom")).isRegularFile();

        // 2. scaffold a project outside the repository
        Path project = work.resolve("my-objective");
        Run created = Evaluations.run("new", "objective", "my-objective", "--dir", project.toString(),
                "--author", "Jane Doe <jane@example.org>");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("created objective plugin project my-objective");
        assertThat(project.resolve("submission.yaml")).content().contains("name: my-objective", "kind: objective",
                "Jane Doe <jane@example.org>", "license:", "paper:", "length_normalize");

        // 3. mvn package: compile, unit tests on the test kit, the JAR and its check
        String build = maven(project, localRepository, reactorRepository, "package");
        assertThat(build).contains("Tests run: 3, Failures: 0, Errors: 0", "MyObjectiveJarIT", "BUILD SUCCESS");
        Path jar = project.resolve("target/my-objective-1.0.0.jar");
        assertThat(jar).isRegularFile();

        // 4. ./lacuna validate
        Run validated = Evaluations.run("validate", jar.toString());
        assertThat(validated.exitCode()).as(validated.out()).isZero();
        assertThat(validated.out()).startsWith("valid: my-objective 1.0.0 (objective, org.example.myobjective.MyObjective");

        // 5. ./lacuna evaluate ... --out result.json (with short settings)
        Path home = TinyTestbedHome.home();
        Path result = work.resolve("result.json");
        String[] evaluate = {"--plugin", jar.toString(), "--testbed", "synthetic/tiny", "--seeds", "7",
            "--alphas", "3", "--permutations", "50", "--schedule", "1,8", "--calibration-grid", "0,0"};
        Run evaluated = Evaluations.evaluate(home, concat(evaluate, "--out", result.toString()));
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        JsonNode json = JSON.readTree(result.toFile());
        assertThat(Evaluations.schemaErrors(json)).isEmpty();
        assertThat(json.path("plugin").path("name").asText()).isEqualTo("my-objective");
        assertThat(json.path("plugin").path("version").asText()).isEqualTo("1.0.0");
        double auesOracle = json.path("summary").path("aues_oracle").asDouble(Double.NaN);
        assertThat(auesOracle).isBetween(0.0, 1.0);

        // 6. the markdown view of that result: ./lacuna report result.json
        Run markdown = Evaluations.run("report", result.toString());
        assertThat(markdown.exitCode()).as(markdown.err()).isZero();
        String table = markdown.out();
        assertThat(table).contains("my-objective", "AUES").doesNotContain("NaN", "Infinity");
        List<Double> numbers = new ArrayList<>();
        Matcher matcher = NUMBER.matcher(table);
        while (matcher.find()) {
            numbers.add(Double.parseDouble(matcher.group()));
        }
        assertThat(numbers).as(table).hasSizeGreaterThan(5).allMatch(Double::isFinite);
        // the table's Oracle row starts with the Oracle AUES the JSON holds
        String auesRow = table.lines().filter(line -> line.startsWith("| Oracle (V_tgt) |")).findFirst().orElseThrow(
                () -> new AssertionError("no Oracle row in\n" + table));
        Matcher first = NUMBER.matcher(auesRow);
        assertThat(first.find()).as(auesRow).isTrue();
        assertThat(Double.parseDouble(first.group())).isCloseTo(auesOracle, org.assertj.core.data.Offset.offset(5e-4));
    }

    /**
     * The parts of the checkout {@code ./mvnw install -pl src/spi,src/spi-testkit -am} reads: the wrapper, every
     * module's POM (the reactor reads them all) and the sources of the two modules.
     */
    private static Path copyOfCheckout(Path repository, Path copy) throws IOException {
        Files.walkFileTree(repository, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skipped = !dir.equals(repository)
                        && (name.equals("target") || name.equals(".git") || name.equals("node_modules"));
                return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String path = repository.relativize(file).toString().replace(File.separatorChar, '/');
                if (path.equals("mvnw") || path.startsWith(".mvn/") || path.equals("pom.xml") || path.endsWith("/pom.xml")
                        || path.startsWith("src/spi/src/") || path.startsWith("src/spi-testkit/src/")) {
                    Path target = copy.resolve(path);
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return copy;
    }

    /**
     * Runs this repository's Maven wrapper in {@code folder}: offline, installing into and resolving from
     * {@code localRepository} first and the reactor's repository second. Returns the output; fails on a non-zero exit.
     */
    private static String maven(Path folder, Path localRepository, Path reactorRepository, String... goals)
            throws IOException, InterruptedException {
        Path wrapper = Path.of(System.getProperty("lacuna.repository.root", "../..")).toAbsolutePath().normalize()
                .resolve("mvnw");
        List<String> command = new ArrayList<>(List.of(wrapper.toString(), "-B", "-ntp", "-o",
                "-Dmaven.repo.local=" + localRepository, "-Dmaven.repo.local.tail=" + reactorRepository));
        command.addAll(List.of(goals));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        // the outer build's Maven settings are not the submitter's
        environment.remove("MAVEN_ARGS");
        environment.remove("MAVEN_OPTS");
        environment.remove("MAVEN_PROJECTBASEDIR");
        environment.remove("MAVEN_BASEDIR");
        Path log = Files.createTempFile(folder.getParent(), "maven-", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(MAVEN_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", goals) + " in " + folder + " ran past " + MAVEN_MINUTES
                    + " minutes:\n" + tail(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("mvn " + String.join(" ", goals) + " in " + folder + " failed (exit "
                    + process.exitValue() + "):\n" + tail(log));
        }
        return output;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
