package dev.lacuna.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna ci}: what the pull-request workflows ask of the repository ({@code docs/pull-requests.md}), as
 * commands a test can run on a real repository instead of shell inside the workflow files.
 */
@Command(name = "ci", mixinStandardHelpOptions = true,
        description = "Helpers of the pull-request workflows (.github/workflows/).",
        subcommands = {CiCommand.ChangedSubmissions.class})
final class CiCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (changed-submissions)");
    }

    @Command(name = "changed-submissions", mixinStandardHelpOptions = true, description = {
        "List the submission folders (submissions/<name>/ with a pom.xml at HEAD) that the changes from the merge base "
                + "of REF and HEAD to HEAD touch, one per line in name order; deleted submissions are left out, a renamed "
                + "one is listed under its new name."})
    static final class ChangedSubmissions implements Callable<Integer> {

        static final String FOLDER = "submissions/";

        @Spec
        CommandSpec spec;

        @Option(names = "--base", required = true, paramLabel = "REF",
                description = "The revision the changes are counted from: a pull request's base branch or commit.")
        String base;

        @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
                description = "A folder inside the repository (default: the current directory).")
        Path repo;

        @Override
        public Integer call() {
            List<String> folders;
            try {
                GitRepository git = GitRepository.containing(repo);
                folders = submissionFolders(git, git.changedPaths(base));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            folders.forEach(out::println);
            out.flush();
            return 0;
        }

        /** The submission folders among the paths, {@code submissions/<name>}, that still hold a pom.xml at HEAD. */
        static List<String> submissionFolders(GitRepository git, List<String> paths) {
            TreeSet<String> touched = new TreeSet<>();
            for (String path : paths) {
                int end = path.indexOf('/', FOLDER.length());
                // a file directly under submissions/ (its README, its parent POM) belongs to no submission
                if (path.startsWith(FOLDER) && end > FOLDER.length()) {
                    touched.add(path.substring(0, end));
                }
            }
            return git.presentAtHead(touched.stream().map(f -> f + "/pom.xml").toList()).stream()
                    .map(pom -> pom.substring(0, pom.length() - "/pom.xml".length()))
                    .sorted()
                    .toList();
        }
    }
}
