package dev.lacuna.server.leaderboard.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lacuna.server.leaderboard.mapping.Cell.Format;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoardTest {

    private static BoardRow row(String name, Double auesOracle, Double mu95P) {
        Map<String, Cell> values = new HashMap<>();
        for (BoardColumn c : BoardColumn.OBJECTIVE) {
            values.put(c.key(), Cell.of(null, null, Format.UNIT));
        }
        values.put("aues_oracle", Cell.of(auesOracle, 0.01, Format.UNIT));
        values.put("mu95_p", Cell.of(mu95P, null, Format.P_VALUE));
        return new BoardRow(name + "-result", name + "-id", name, "1.0", "0".repeat(64), null, 5, "1".repeat(64), values);
    }

    private static final Board BOARD = new Board("objective", "synthetic", "tiny", "float32", Board.defaultSort("objective"),
            BoardColumn.OBJECTIVE, List.of(row("b", 0.7, null), row("a", 0.8, 0.3), row("c", 0.7, 0.01)),
            List.of(), List.of());

    private static List<String> names(Board board) {
        return board.rows().stream().map(BoardRow::name).toList();
    }

    @Test
    void aBoardCountsTheTestbedSetsItsRowsRanOn() {
        assertThat(BOARD.testbedSets()).isEqualTo(1);
        BoardRow elsewhere = new BoardRow("d-result", "d-id", "d", "1.0", "0".repeat(64), null, 5, "2".repeat(64),
                row("d", 0.5, null).values());
        Board mixed = new Board("objective", "synthetic", "tiny", "float32", Board.defaultSort("objective"), BoardColumn.OBJECTIVE,
                List.of(row("a", 0.8, 0.3), elsewhere), List.of(), List.of());
        assertThat(mixed.testbedSets()).isEqualTo(2);
    }

    @Test
    void descendingPutsTheLargestFirstAndBreaksTiesByName() {
        assertThat(names(BOARD.sorted("-aues_oracle"))).containsExactly("a", "b", "c");
        assertThat(names(BOARD.sorted("aues_oracle"))).containsExactly("b", "c", "a");
    }

    @Test
    void rowsWithoutTheNumberSortLastInBothDirections() {
        assertThat(names(BOARD.sorted("mu95_p"))).containsExactly("c", "a", "b");
        assertThat(names(BOARD.sorted("-mu95_p"))).containsExactly("a", "c", "b");
    }

    @Test
    void noSortMeansTheDefaultAndNameSortsAlphabetically() {
        assertThat(BOARD.sorted(null).sort()).isEqualTo("-aues_oracle");
        assertThat(names(BOARD.sorted("name"))).containsExactly("a", "b", "c");
        assertThat(names(BOARD.sorted("-name"))).containsExactly("c", "b", "a");
    }

    @Test
    void anUnknownColumnIsRefusedWithTheColumnsThereAre() {
        assertThatThrownBy(() -> BOARD.sorted("-precision"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown sort column 'precision' for objective boards")
                .hasMessageContaining("aues_oracle");
    }

    @Test
    void headingLinksSortDescendingFirstThenToggle() {
        Board sorted = BOARD.sorted("-aues_oracle");
        assertThat(sorted.sortLink("aues_oracle")).endsWith("sort=aues_oracle");
        assertThat(sorted.sortLink("mu95_p")).endsWith("sort=-mu95_p");
        assertThat(sorted.ariaSort("aues_oracle")).isEqualTo("descending");
        assertThat(sorted.ariaSort("mu95_p")).isEqualTo("none");
    }

    @Test
    void cellsReadAsTheirFormatSays() {
        assertThat(Cell.of(0.82534, 0.0451, Format.UNIT).text()).isEqualTo("0.825 ± 0.045");
        assertThat(Cell.of(0.0237, null, Format.P_VALUE).text()).isEqualTo("0.0237");
        assertThat(Cell.of(9.999000099990002E-5, null, Format.P_VALUE).text()).isEqualTo("1.0e-04");
        assertThat(Cell.of(-1.256, 0.45, Format.LOG10).text()).isEqualTo("-1.26 ± 0.45");
        assertThat(Cell.of(null, null, Format.LOG10).text()).isEqualTo("–");
    }

    @Test
    void csvQuotesFieldsThatNeedItAndLeavesMissingNumbersEmpty() {
        String csv = BoardCsv.of(BOARD.sorted("name"));
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("kind,testbed,model,dtype,name,version,reference,submission,result,plugin_sha256,aues_oracle,aues_oracle_sd,");
        assertThat(lines[1]).startsWith("objective,synthetic,tiny,float32,a,1.0,,a-id,a-result,");
        assertThat(lines).hasSize(4);
        assertThat(BoardCsv.field("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
    }
}
