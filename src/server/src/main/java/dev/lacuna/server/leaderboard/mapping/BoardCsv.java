package dev.lacuna.server.leaderboard.mapping;

/**
 * A board as CSV (RFC 4180): one header line, one line per row, full double precision, empty fields for
 * numbers the result does not have. Mean columns are followed by their {@code _sd} where the board shows one.
 */
public final class BoardCsv {

    private BoardCsv() {
    }

    public static String of(Board board) {
        StringBuilder out = new StringBuilder();
        out.append("kind,testbed,model,dtype,name,version,reference,submission,result,plugin_sha256");
        for (BoardColumn c : board.columns()) {
            out.append(',').append(c.key());
            if (hasSd(board, c)) {
                out.append(',').append(c.key()).append("_sd");
            }
        }
        out.append("\r\n");
        for (BoardRow row : board.rows()) {
            out.append(field(board.kind())).append(',').append(field(board.family())).append(',')
                    .append(field(board.model())).append(',').append(field(board.dtype())).append(',')
                    .append(field(row.name())).append(',')
                    .append(field(row.version())).append(',').append(field(row.reference() == null ? "" : row.reference()))
                    .append(',').append(field(row.submissionId())).append(',').append(field(row.resultId())).append(',')
                    .append(field(row.pluginSha256()));
            for (BoardColumn c : board.columns()) {
                Cell cell = row.value(c.key());
                out.append(',').append(number(cell.mean()));
                if (hasSd(board, c)) {
                    out.append(',').append(number(cell.sd()));
                }
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static boolean hasSd(Board board, BoardColumn column) {
        return board.rows().stream().anyMatch(r -> r.value(column.key()).sd() != null);
    }

    private static String number(Double v) {
        if (v == null) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : Double.toString(v);
    }

    static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
