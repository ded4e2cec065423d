package dev.lacuna.server.leaderboard.service;

import dev.lacuna.results.LocalizerResult;
import dev.lacuna.results.ObjectiveResult;
import dev.lacuna.results.Result;
import dev.lacuna.results.ResultCodec;
import dev.lacuna.results.SeedResult;
import dev.lacuna.results.Settings;
import dev.lacuna.server.leaderboard.mapping.Board;
import dev.lacuna.server.leaderboard.mapping.BoardColumn;
import dev.lacuna.server.leaderboard.mapping.BoardMapping;
import dev.lacuna.server.leaderboard.mapping.BoardRow;
import dev.lacuna.server.leaderboard.model.ResultRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The boards, built from the stored results once per import and then served from memory: the board is the
 * most requested page and changes only when results are imported, so a request costs a sort of a few
 * rows, not a query and a JSON parse per result.
 */
@ApplicationScoped
public class Boards {

    /**
     * One board's identity: kind, testbed family and model, and the dtype of the weights the results were computed
     * with ({@link Result#computedIn}): 16-bit numbers are not float32 numbers, so they never share a board.
     */
    public record Key(String kind, String family, String model, String dtype) {

        public String testbed() {
            return family + "/" + model;
        }

        /** The title of its board ({@link Board#title}), which tells boards of one testbed and kind apart. */
        public String label() {
            return Board.title(family, model, dtype);
        }
    }

    private volatile Map<Key, Board> boards;

    void refresh(@Observes(during = TransactionPhase.AFTER_SUCCESS) ImportReport report) {
        boards = null;
    }

    void refresh(@Observes(during = TransactionPhase.AFTER_SUCCESS) ResultPublished published) {
        boards = null;
    }

    /** Every board that has at least one result: objectives first, then by testbed. */
    public List<Key> keys() {
        return List.copyOf(current().keySet());
    }

    /** The board, sorted as asked ({@link Board#sorted}); empty when nothing is published for it. */
    public Optional<Board> board(Key key, String sort) {
        Board board = current().get(key);
        return board == null ? Optional.empty() : Optional.of(board.sorted(sort));
    }

    private Map<Key, Board> current() {
        Map<Key, Board> snapshot = boards;
        if (snapshot == null) {
            snapshot = build();
            boards = snapshot;
        }
        return snapshot;
    }

    @Transactional
    Map<Key, Board> build() {
        Map<Key, List<BoardRow>> rows = new LinkedHashMap<>();
        Map<Key, Set<String>> hashes = new LinkedHashMap<>();
        Map<Key, Set<String>> protocol = new LinkedHashMap<>();
        List<ResultRecord> records = new ArrayList<>(ResultRecord.all());
        records.sort((a, b) -> a.kind.equals(b.kind) ? 0 : "objective".equals(a.kind) ? -1 : 1);
        for (ResultRecord record : records) {
            Result result = ResultCodec.read(record.body);
            Key key = new Key(record.kind, record.family, record.model, result.computedIn());
            rows.computeIfAbsent(key, k -> new ArrayList<>()).add(BoardMapping.row(record.id, result));
            Set<String> seen = hashes.computeIfAbsent(key, k -> new LinkedHashSet<>());
            result.perSeed().stream().map(SeedResult::testbedHash).forEach(seen::add);
            protocol.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(protocol(result));
        }
        Map<Key, Board> built = new LinkedHashMap<>();
        for (Map.Entry<Key, List<BoardRow>> e : rows.entrySet()) {
            Key k = e.getKey();
            built.put(k, new Board(k.kind(), k.family(), k.model(), k.dtype(), Board.defaultSort(k.kind()),
                    BoardColumn.of(k.kind()), e.getValue(), List.copyOf(hashes.get(k)), List.copyOf(protocol.get(k))));
        }
        return built;
    }

    /** The settings a result's numbers depend on, in one line, so a board can say whether its rows agree. */
    static String protocol(Result result) {
        Settings s = result.settings();
        Integer permutations = null;
        Long statisticsSeed = null;
        if (result instanceof ObjectiveResult o) {
            permutations = o.summary().permutations();
            statisticsSeed = o.summary().statisticsSeed();
        } else if (result instanceof LocalizerResult l) {
            permutations = l.summary().permutations();
            statisticsSeed = l.summary().statisticsSeed();
        }
        return String.format(Locale.ROOT,
                "result schema %d; %d mixing coefficients; at least %d unlearning steps (batch %d); learning rate "
                        + "calibrated to FS %.2f at alpha = 1 on a x%s grid; %s permutations / resamples, statistics seed %s",
                result.schemaVersion(), s.alphas().size(), s.minSteps(), s.batchSize(), s.calibrationTargetFs(),
                trim(s.calibrationGridFactor()), permutations == null ? "?" : permutations.toString(),
                statisticsSeed == null ? "?" : statisticsSeed.toString());
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
