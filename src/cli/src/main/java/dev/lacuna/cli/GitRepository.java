package dev.lacuna.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A git working copy, read through the {@code git} program: CI checkouts are plain git, and asking git itself keeps
 * rename detection, merge bases and path quoting exactly as the user's own {@code git diff} would show them.
 */
final class GitRepository {

    /** What one {@code git} run printed and returned. */
    record Output(int exitCode, String out, String err) {

        boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path folder;

    private GitRepository(Path folder) {
        this.folder = folder;
    }

    /** The repository {@code folder} lies in, refused with the reason git gives when it lies in none. */
    static GitRepository containing(Path folder) {
        GitRepository candidate = new GitRepository(folder);
        Output top = candidate.git("rev-parse", "--show-toplevel");
        if (!top.ok()) {
            throw new IllegalArgumentException("not inside a git repository: " + folder + " (" + firstLine(top.err()) + ")");
        }
        return new GitRepository(Path.of(top.out().strip()));
    }

    /** The commit {@code revision} names, refused when it names none. */
    String commit(String revision) {
        Output commit = git("rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}");
        if (!commit.ok()) {
            throw new IllegalArgumentException("unknown git revision '" + revision + "' in " + folder
                    + " (in a shallow CI checkout, fetch it first: git fetch origin " + revision + ")");
        }
        return commit.out().strip();
    }

    /**
     * Paths the changes from the merge base of {@code base} and HEAD to HEAD touch, as pull requests show them; a rename
     * counts as its old and its new path.
     */
    List<String> changedPaths(String base) {
        String from = commit(base);
        Output mergeBase = git("merge-base", from, "HEAD");
        if (!mergeBase.ok()) {
            throw new IllegalArgumentException("'" + base + "' and HEAD share no history in " + folder);
        }
        return nulSeparated(check(git("diff", "--name-only", "--no-renames", "-z", mergeBase.out().strip(), "HEAD")));
    }

    /** Which of {@code paths} are files in HEAD's tree. */
    List<String> presentAtHead(List<String> paths) {
        if (paths.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("ls-tree", "-z", "--name-only", "HEAD", "--"));
        args.addAll(paths);
        return nulSeparated(check(git(args.toArray(String[]::new))));
    }

    private Output check(Output output) {
        if (!output.ok()) {
            throw new IllegalStateException("git failed in " + folder + ": " + firstLine(output.err()));
        }
        return output;
    }

    private Output git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", folder.toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // never wait for credentials or a pager: this runs unattended in CI
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("GIT_PAGER", "cat");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process));
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            return new Output(code, out, new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while git ran"));
        }
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getErrorStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> nulSeparated(Output output) {
        return Arrays.stream(output.out().split("\0")).filter(p -> !p.isEmpty()).toList();
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        return end < 0 ? stripped : stripped.substring(0, end);
    }
}
