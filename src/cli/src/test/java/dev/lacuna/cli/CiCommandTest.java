package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.cli.Evaluations.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lacuna ci changed-submissions} on a real git repository, built commit by commit with the {@code git} program:
 * a base commit with two submissions, then the changes a pull request makes.
 */
class CiCommandTest {

    @TempDir
    Path repo;

    @BeforeEach
    void aRepositoryWithTwoSubmissions() throws Exception {
        git("init", "-q", "-b", "main");
        git("config", "user.email", "ci@example.org");
        git("config", "user.name", "CI test");
        write("pom.xml", "<project/>");
        write("docs/submitting.md", "guide");
        write("submissions/pom.xml", "<project/>");
        write("submissions/README.md", "the submissions");
        write("submissions/npo-objective/pom.xml", "<project/>");
        write("submissions/npo-objective/src/main/java/Npo.java", "class Npo {}");
        write("submissions/random-localizer/pom.xml", "<project/>");
        write("submissions/random-localizer/src/main/java/Random.java", "class Random {}");
        commit("base");
        git("switch", "-q", "-c", "pull-request");
    }

    @Test
    void aChangeInsideOneSubmissionListsThatSubmission() throws Exception {
        write("submissions/npo-objective/src/main/java/Npo.java", "class Npo { int beta; }");
        commit("tune NPO");

        assertThat(changed("main")).containsExactly("submissions/npo-objective");
    }

    @Test
    void changesInTwoSubmissionsListBothInNameOrder() throws Exception {
        write("submissions/random-localizer/src/main/java/Random.java", "class Random { long seed; }");
        write("submissions/npo-objective/pom.xml", "<project><name>NPO</name></project>");
        commit("two submissions");

        assertThat(changed("main")).containsExactly("submissions/npo-objective", "submissions/random-localizer");
    }

    @Test
    void aNewSubmissionIsListed() throws Exception {
        write("submissions/my-objective/pom.xml", "<project/>");
        write("submissions/my-objective/src/main/java/Mine.java", "class Mine {}");
        commit("add my objective");

        assertThat(changed("main")).containsExactly("submissions/my-objective");
    }

    @Test
    void noChangeListsNothing() {
        Run run = ci("main");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
    }

    @Test
    void filesOutsideTheSubmissionFoldersListNothing() throws Exception {
        write("docs/submitting.md", "a better guide");
        write("submissions/README.md", "the submissions, described");
        write("submissions/pom.xml", "<project><modules/></project>");
        write("submissions/notes/ideas.txt", "a folder without a pom.xml is no submission");
        commit("docs");

        assertThat(changed("main")).isEmpty();
    }

    @Test
    void aDeletedSubmissionIsLeftOut() throws Exception {
        git("rm", "-q", "-r", "submissions/random-localizer");
        write("submissions/npo-objective/src/main/java/Npo.java", "class Npo { int beta; }");
        commit("drop the random localizer");

        assertThat(changed("main")).containsExactly("submissions/npo-objective");
    }

    @Test
    void aRenamedSubmissionIsListedUnderItsNewNameOnly() throws Exception {
        git("mv", "submissions/random-localizer", "submissions/chance-localizer");
        commit("rename");

        assertThat(changed("main")).containsExactly("submissions/chance-localizer");
    }

    @Test
    void changesOnTheBaseBranchSinceThePullRequestBranchedAreNotItsChanges() throws Exception {
        write("submissions/npo-objective/src/main/java/Npo.java", "class Npo { int beta; }");
        commit("the pull request's change");
        git("switch", "-q", "main");
        write("submissions/random-localizer/src/main/java/Random.java", "class Random { long seed; }");
        commit("merged meanwhile");
        git("switch", "-q", "pull-request");

        assertThat(changed("main")).containsExactly("submissions/npo-objective");
    }

    @Test
    void anUnknownRevisionIsAUsageErrorNamingIt() throws Exception {
        Run run = ci("no-such-branch");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("lacuna: unknown git revision 'no-such-branch' in " + repo.toRealPath());
    }

    @Test
    void aFolderOutsideAnyRepositoryIsAUsageError() throws Exception {
        Path plain = Files.createDirectories(repo.resolve(".git").getParent().getParent().resolve("plain-" + System.nanoTime()));
        try {
            Run run = Evaluations.run("ci", "changed-submissions", "--base", "main", "--repo", plain.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("lacuna: not inside a git repository: " + plain);
        } finally {
            Files.delete(plain);
        }
    }

    private List<String> changed(String base) {
        Run run = ci(base);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().toList();
    }

    private Run ci(String base) {
        return Evaluations.run("ci", "changed-submissions", "--base", base, "--repo", repo.toString());
    }

    private void write(String path, String text) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    }

    private void commit(String message) throws Exception {
        git("add", "-A");
        git("commit", "-q", "-m", message);
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
