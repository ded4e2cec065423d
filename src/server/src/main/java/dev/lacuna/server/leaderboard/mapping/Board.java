package dev.lacuna.server.leaderboard.mapping;

import dev.lacuna.results.Result;
import java.util.Comparator;
import java.util.List;

/**
 * One leaderboard: every published result of one kind on one testbed family and model, computed with one weight
 * dtype, sorted.
 *
 * @param dtype         the weights' data type of every row ({@code float32} unless a result says otherwise)
 * @param sort          the sort key as given to {@code ?sort=}: a column key or {@code name}, with a leading
 *                      {@code -} for descending
 * @param testbedHashes every per-seed testbed hash the rows ran on
 * @param protocol      the protocol settings the rows share, in words (one entry per distinct setting)
 */
public record Board(String kind, String family, String model, String dtype, String sort, List<BoardColumn> columns,
                    List<BoardRow> rows, List<String> testbedHashes, List<String> protocol) {

    public Board {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        testbedHashes = List.copyOf(testbedHashes);
        protocol = List.copyOf(protocol);
    }

    /** The default order: the column a reader of each board looks at first, best first. */
    public static String defaultSort(String kind) {
        return "localizer".equals(kind) ? "-precision" : "-aues_oracle";
    }

    /** The board with its rows in the order {@code sort} asks for; an unknown key is refused. */
    public Board sorted(String requested) {
        String key = requested == null || requested.isBlank() ? defaultSort(kind) : requested.trim();
        boolean descending = key.startsWith("-");
        String column = descending ? key.substring(1) : key;
        Comparator<BoardRow> order;
        if ("name".equals(column)) {
            order = Comparator.comparing(BoardRow::name).thenComparing(BoardRow::version);
            if (descending) {
                order = order.reversed();
            }
        } else {
            if (BoardColumn.find(kind, column).isEmpty()) {
                throw new IllegalArgumentException("unknown sort column '" + column + "' for " + kind
                        + " boards; use name or one of " + columns.stream().map(BoardColumn::key).toList()
                        + ", with a leading - for descending");
            }
            Comparator<Double> numbers = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
            // rows without the number sort last in either direction
            order = Comparator.comparing((BoardRow r) -> r.value(column).mean(), Comparator.nullsLast(numbers))
                    .thenComparing(BoardRow::name);
        }
        return new Board(kind, family, model, dtype, key, columns, rows.stream().sorted(order).toList(), testbedHashes, protocol);
    }

    /** The sort link of a column heading: descending first, then toggling. */
    public String sortLink(String column) {
        String next = ("-" + column).equals(sort) ? column : "-" + column;
        if ("name".equals(column)) {
            next = "name".equals(sort) ? "-name" : "name";
        }
        return "/?" + query() + "&sort=" + next;
    }

    /**
     * The query naming this board: {@code kind=...&testbed=...&model=...}, and {@code &dtype=...} for weights other
     * than float32 (so the links of float32 boards read as they always have).
     */
    public String query() {
        return query(kind, family, model, dtype);
    }

    /** {@link #query()} of any board. */
    public static String query(String kind, String family, String model, String dtype) {
        return "kind=" + kind + "&testbed=" + family + "&model=" + model
                + (dtype.equals(Result.DEFAULT_DTYPE) ? "" : "&dtype=" + dtype);
    }

    /** The testbed and, for weights other than float32, their dtype: {@code tofu/small (float16 weights)}. */
    public String title() {
        return title(family, model, dtype);
    }

    /** {@link #title()} of any board. */
    public static String title(String family, String model, String dtype) {
        return family + "/" + model + (dtype.equals(Result.DEFAULT_DTYPE) ? "" : " (" + dtype + " weights)");
    }

    /** {@code aria-sort} of a column heading. */
    public String ariaSort(String column) {
        if (sort.equals(column)) {
            return "ascending";
        }
        if (sort.equals("-" + column)) {
            return "descending";
        }
        return "none";
    }

    /**
     * How many distinct testbed sets (combined testbed hashes) the rows ran on. Numbers compare only within one
     * set: testbed bytes depend on the machine that trained them, so the same recipe rebuilt elsewhere is another
     * testbed, and the page says so when a board holds more than one.
     */
    public int testbedSets() {
        return (int) rows.stream().map(BoardRow::testbedHash).distinct().count();
    }

    public String testbed() {
        return family + "/" + model;
    }
}
