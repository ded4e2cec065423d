package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.cli.Evaluations.Run;
import dev.lacuna.spi.SpiVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/**
 * {@code lacuna new} without building what it writes (SubmitterGuideTest builds, validates and evaluates a project
 * end to end): the files, the pinned versions, and the refusals.
 */
class NewCommandTest {

    @TempDir
    Path dir;

    @Test
    void anObjectiveProjectHasEveryFileWithTheVersionsOfThisBuild() throws Exception {
        Path project = dir.resolve("submissions").resolve("my-objective");

        Run run = Evaluations.run("new", "objective", "my-objective", "--dir", project.toString(),
                "--author", "Jane Doe <jane@example.org> & co");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("created objective plugin project my-objective in " + project,
                "mvn package)", "./lacuna validate " + project.resolve("target/my-objective-1.0.0.jar"));
        assertThat(files(project)).containsExactlyInAnyOrder(".gitignore", "README.md", "pom.xml", "submission.yaml",
                "src/main/java/org/example/myobjective/MyObjective.java",
                "src/main/resources/META-INF/services/dev.lacuna.spi.UnlearningObjective",
                "src/test/java/org/example/myobjective/MyObjectiveTest.java",
                "src/test/java/org/example/myobjective/MyObjectiveJarIT.java");
        assertThat(project.resolve("src/main/resources/META-INF/services/dev.lacuna.spi.UnlearningObjective"))
                .hasContent("org.example.myobjective.MyObjective");
        for (String file : files(project)) {
            assertThat(Files.readString(project.resolve(file))).as(file).doesNotContainPattern("\\{\\{\\w+}}");
        }

        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(project.resolve("pom.xml").toFile());
        Properties versions = NewCommand.ScaffoldVersions.load();
        assertThat(text(pom, "artifactId")).isEqualTo("my-objective");
        assertThat(pom.getElementsByTagName("parent").getLength()).as("standalone: no parent POM").isZero();
        assertThat(text(pom, "lacuna.plugin.authors")).isEqualTo("Jane Doe <jane@example.org> & co");
        assertThat(text(pom, "lacuna.plugin.kind")).isEqualTo("objective");
        assertThat(text(pom, "lacuna.spi.version")).isEqualTo(SpiVersion.CURRENT);
        assertThat(text(pom, "lacuna.version")).isEqualTo(versions.getProperty("lacuna.version")).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(text(pom, "surefire.version")).isEqualTo(versions.getProperty("surefire.version"));
        assertThat(Files.readString(project.resolve("pom.xml"))).contains("<Lacuna-SPI-Version>${lacuna.spi.version}</Lacuna-SPI-Version>",
                "<scope>provided</scope>");
        assertThat(project.resolve("submission.yaml")).content().contains("name: my-objective", "kind: objective",
                "- \"Jane Doe <jane@example.org> & co\"", "paper: ", "license: ", "options:", "length_normalize: \"false\"");
    }

    @Test
    void theJUnitItPinsIsTheOneThisBuildResolved() {
        // what the reactor resolved is in its local repository, so the new project builds offline from it
        assertThat(NewCommand.ScaffoldVersions.load().getProperty("junit.version"))
                .isEqualTo(org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion());
    }

    @Test
    void aLocalizerProjectNamedLikeAnSpiTypeGetsAClassNameThatCompiles() throws Exception {
        Path project = dir.resolve("localizer");

        Run run = Evaluations.run("new", "localizer", "localizer", "--dir", project.toString(), "--package", "edu.lab.loc");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(files(project)).contains("src/main/java/edu/lab/loc/LocalizerPlugin.java",
                "src/main/resources/META-INF/services/dev.lacuna.spi.Localizer",
                "src/test/java/edu/lab/loc/LocalizerPluginJarIT.java");
        assertThat(project.resolve("src/main/java/edu/lab/loc/LocalizerPlugin.java")).content()
                .contains("public final class LocalizerPlugin implements Localizer");
        assertThat(project.resolve("submission.yaml")).content().contains("kind: localizer", "retain_weight");
        assertThat(run.out()).contains("set your name");
    }

    @Test
    void namesBecomeJavaNames() {
        assertThat(NewCommand.className("my-great-objective")).isEqualTo("MyGreatObjective");
        assertThat(NewCommand.className("ga2")).isEqualTo("Ga2");
        assertThat(NewCommand.className("model-view")).isEqualTo("ModelViewPlugin");
        assertThat(NewCommand.className("string")).isEqualTo("StringPlugin");
        assertThat(NewCommand.packageSegment("my-objective")).isEqualTo("myobjective");
        assertThat(NewCommand.packageSegment("new")).isEqualTo("new_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"My-Objective", "my_objective", "x-", "my--objective", "1st", "a b", "../escape"})
    void aBadNameIsAUsageError(String name) {
        Run run = Evaluations.run("new", "objective", name, "--dir", dir.resolve("p").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("NAME must be lower-case letters, digits and single hyphens", "'" + name + "'");
        assertThat(dir.resolve("p")).doesNotExist();
    }

    @Test
    void anExistingNonEmptyTargetOrAFileIsRefusedAndLeftAlone() throws Exception {
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("notes.txt"), "mine");
        Path file = Files.writeString(dir.resolve("file"), "x");

        Run nonEmpty = Evaluations.run("new", "objective", "taken", "--dir", taken.toString());
        Run aFile = Evaluations.run("new", "objective", "file", "--dir", file.toString());
        Run empty = Evaluations.run("new", "objective", "fresh", "--dir", Files.createDirectories(dir.resolve("empty")).toString());

        assertThat(nonEmpty.exitCode()).isEqualTo(2);
        assertThat(nonEmpty.err()).contains(taken + " exists and is not empty");
        assertThat(files(taken)).containsExactly("notes.txt");
        assertThat(aFile.exitCode()).isEqualTo(2);
        assertThat(aFile.err()).contains("exists and is not a folder");
        assertThat(empty.exitCode()).as("an empty folder is fine").isZero();
    }

    @Test
    void anUnknownKindOrABadPackageIsAUsageError() {
        Run kind = Evaluations.run("new", "optimizer", "x", "--dir", dir.resolve("a").toString());
        Run pkg = Evaluations.run("new", "objective", "x", "--dir", dir.resolve("b").toString(), "--package", "org.class.x");

        assertThat(kind.exitCode()).isEqualTo(2);
        assertThat(kind.err()).contains("'objective' or 'localizer'");
        assertThat(pkg.exitCode()).isEqualTo(2);
        assertThat(pkg.err()).contains("--package must be a Java package name");
    }

    private static String text(Document pom, String tag) {
        return pom.getElementsByTagName(tag).item(0).getTextContent();
    }

    private static java.util.List<String> files(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
