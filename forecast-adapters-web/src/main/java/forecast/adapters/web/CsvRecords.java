package forecast.adapters.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of a CSV text (RFC 4180), one at a time, with the line each starts on: cells split at
 * commas, records at line breaks ({@code \n}, {@code \r\n} or {@code \r}); a quoted cell may hold
 * commas, line breaks and doubled quotes, and blanks around it are dropped.
 */
final class CsvRecords {
    private final String text;
    private int at;
    private int line = 1;
    private int recordLine;

    CsvRecords(String text) {
        this.text = text;
    }

    /** The line the last record read starts on. */
    int line() {
        return recordLine;
    }

    /**
     * The next record's cells (an empty line is one empty cell), or null at the end.
     *
     * @throws ProblemException 400 naming the line of a quoted cell left open or followed by text
     */
    List<String> next() {
        if (at >= text.length()) return null;
        recordLine = line;
        var cells = new ArrayList<String>();
        var cell = new StringBuilder();
        while (true) {
            if (at < text.length() && text.charAt(at) == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted(cell, cells.size() + 1);
            }
            char c = at < text.length() ? text.charAt(at) : '\n';
            at++;
            if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && at < text.length() && text.charAt(at) == '\n') at++;
                line++;
                cells.add(cell.toString());
                return cells;
            } else {
                cell.append(c);
            }
        }
    }

    /** A quoted cell from its opening quote: its text into {@code cell}; after it only blanks until the next comma or line end. */
    private void quoted(StringBuilder cell, int column) {
        int opened = line;
        at++;
        while (true) {
            if (at >= text.length())
                throw new ProblemException(Problem.invalid("line " + opened, "a quoted cell (column " + column + ") is not closed: its closing quote is missing"));
            char c = text.charAt(at++);
            if (c == '"') {
                if (at < text.length() && text.charAt(at) == '"') {
                    cell.append('"');
                    at++;
                } else {
                    break;
                }
            } else {
                if (c == '\n' || (c == '\r' && (at >= text.length() || text.charAt(at) != '\n'))) line++;
                cell.append(c);
            }
        }
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) at++;
        if (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != '\n' && text.charAt(at) != '\r')
            throw new ProblemException(Problem.invalid("line " + line, "text after the closing quote of column " + column
                    + "; a quote inside a quoted cell is written twice (\"\")"));
    }
}
