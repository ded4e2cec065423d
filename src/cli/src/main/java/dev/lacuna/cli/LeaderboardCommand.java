package dev.lacuna.cli;

import dev.lacuna.engine.testbed.CorruptTestbedException;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.results.Result;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.results.SeedResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna leaderboard}: the published board's folder ({@link Leaderboard}, {@code leaderboard/README.md}). The
 * launcher runs {@code leaderboard import} (into the server's database) itself; these commands need no database.
 */
@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = "Check, index and complete a leaderboard folder (results/<family>-<model>/<plugin>.json, testbeds/, index.json).",
        subcommands = {LeaderboardCommand.Verify.class, LeaderboardCommand.Index.class, LeaderboardCommand.AddTestbeds.class})
final class LeaderboardCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (verify, index or add-testbeds)");
    }

    /** What every subcommand takes: the folder, a usage error unless it is a directory. */
    abstract static class OnBoard {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The leaderboard folder.")
        Path dir;

        Leaderboard board() {
            if (!Files.isDirectory(dir)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such directory: " + dir);
            }
            return new Leaderboard(dir);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Check every results/**/*.json: schema, codec, testbed manifests, runs and summary recomputed from the curves "
                + "(p-values with the recorded permutations and statistics seed), and that index.json is current.",
        "Prints 'ok PATH' or 'refused PATH: REASON' per file, then for index.json; exit status 0 only when all pass."})
    static final class Verify extends OnBoard implements Callable<Integer> {

        @Option(names = "--home", paramLabel = "DIR",
                description = "Also accept testbeds stored here (DIR/testbeds/) that the folder has no manifest copy of.")
        Path home;

        @Override
        public Integer call() {
            Leaderboard board = board();
            TestbedStore store = home == null ? null : new TestbedStore(TestbedCommand.storeRoot(home));
            List<LeaderboardVerifier.Verdict> verdicts = new LeaderboardVerifier(board, store).verify();
            PrintWriter out = out();
            verdicts.forEach(v -> out.println(v.line()));
            out.flush();
            return verdicts.stream().allMatch(LeaderboardVerifier.Verdict::ok) ? 0 : 1;
        }
    }

    @Command(name = "index", mixinStandardHelpOptions = true, description = {
        "Write DIR/index.json: per result file (sorted by path) its path, kind, plugin, testbed family and model, seeds, "
                + "combined testbed hash and headline numbers."})
    static final class Index extends OnBoard implements Callable<Integer> {

        @Override
        public Integer call() {
            Leaderboard board = board();
            List<Leaderboard.Entry> entries = board.results();
            List<Result> results = new ArrayList<>();
            for (Leaderboard.Entry e : entries) {
                if (!e.wellPlaced()) {
                    throw new IllegalStateException("cannot index " + e.path() + ": not at results/<family>-<model>/<plugin-name>.json");
                }
                try {
                    results.add(ResultCodec.read(e.text()));
                } catch (IllegalArgumentException refusal) {
                    throw new IllegalStateException("cannot index " + e.path() + ": " + refusal.getMessage());
                }
            }
            Path index = board.root().resolve(Leaderboard.INDEX);
            ResultCodec.writeAtomically(index, Leaderboard.indexText(entries, results));
            out().println("indexed " + entries.size() + " result" + (entries.size() == 1 ? "" : "s") + " in " + index);
            out().flush();
            return 0;
        }
    }

    @Command(name = "add-testbeds", mixinStandardHelpOptions = true, description = {
        "Copy the manifest of every stored testbed the folder's results name to DIR/testbeds/<hash>.json (verified first)."})
    static final class AddTestbeds extends OnBoard implements Callable<Integer> {

        @Option(names = "--home", paramLabel = "DIR", description = "State folder holding testbeds/ (default: $LACUNA_HOME or ~/.lacuna).")
        Path home;

        @Option(names = "--testbed", paramLabel = "DATA/MODEL",
                description = "Only the results under results/<data>-<model>/ (for example synthetic/tiny).")
        String testbed;

        @Override
        public Integer call() {
            Leaderboard board = board();
            if (testbed != null && !testbed.matches("[^/-]+/[^/]+")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--testbed must be DATA/MODEL, got '" + testbed + "'");
            }
            String folder = testbed == null ? null : testbed.replace('/', '-');
            Map<String, String> wanted = new LinkedHashMap<>();
            for (Leaderboard.Entry e : board.results()) {
                if (folder != null && !e.folder().equals(folder)) {
                    continue;
                }
                Result result;
                try {
                    result = ResultCodec.read(e.text());
                } catch (IllegalArgumentException refusal) {
                    throw new IllegalStateException("cannot read " + e.path() + ": " + refusal.getMessage());
                }
                for (SeedResult s : result.perSeed()) {
                    wanted.putIfAbsent(s.testbedHash(), e.path());
                }
            }
            TestbedStore store = new TestbedStore(TestbedCommand.storeRoot(home));
            List<String> stored = store.list().stream().map(TestbedSummary::hash).toList();
            PrintWriter out = out();
            int missing = 0;
            for (Map.Entry<String, String> w : wanted.entrySet()) {
                String hash = w.getKey();
                if (!stored.contains(hash)) {
                    out.println("missing " + hash + " (named by " + w.getValue() + "): not in " + store.root());
                    missing++;
                    continue;
                }
                Testbed opened;
                try {
                    opened = Testbed.open(store.root().resolve(hash));
                } catch (CorruptTestbedException e) {
                    out.println("missing " + hash + " (named by " + w.getValue() + "): the stored testbed is refused: " + e.getMessage());
                    missing++;
                    continue;
                }
                String manifest = Leaderboard.read(opened.folder().resolve(TestbedStore.MANIFEST));
                Path copy = board.manifest(hash);
                boolean same = Files.isRegularFile(copy) && Leaderboard.read(copy).equals(manifest);
                if (!same) {
                    ResultCodec.writeAtomically(copy, manifest);
                }
                out.println((same ? "kept " : "added ") + board.relative(copy) + " (" + opened.id() + ")");
            }
            out.flush();
            return missing == 0 ? 0 : 1;
        }
    }
}
