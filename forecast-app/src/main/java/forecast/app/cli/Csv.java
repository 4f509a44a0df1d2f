package forecast.app.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV history ({@code timestamp,value[,feature...]} with a header, RFC 4180 quoting) as the rows
 * {@code /predict} and {@code /models/train} take: {@code [timestamp, value, feature...]}, an empty
 * cell as null (a gap). Timestamps go as they are written (the server reads ISO-8601, dates and
 * epoch seconds); a number that is not one is an error naming its line.
 */
final class Csv {
    private Csv() {}

    static List<List<Object>> rows(String text, String file) {
        var lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n");
        if (lines.length == 0 || lines[0].isBlank()) throw new CliException(file + " is empty; it needs a header timestamp,value[,feature...]");
        var header = cells(lines[0]);
        if (header.size() < 2 || !header.get(0).strip().equalsIgnoreCase("timestamp"))
            throw new CliException(file + ": the header must be timestamp,value[,feature...], not " + lines[0].strip());
        var rows = new ArrayList<List<Object>>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            var cells = cells(lines[i]);
            if (cells.size() != header.size())
                throw new CliException(file + ", line " + (i + 1) + ": " + cells.size() + " cells where the header has " + header.size());
            var row = new ArrayList<Object>();
            String t = cells.get(0).strip();
            row.add(t.matches("[+-]?\\d+") ? new BigDecimal(t) : t);
            for (int c = 1; c < cells.size(); c++) {
                String v = cells.get(c).strip();
                if (v.isEmpty()) row.add(null);
                else {
                    try {
                        row.add(new BigDecimal(v));
                    } catch (NumberFormatException e) {
                        throw new CliException(file + ", line " + (i + 1) + ", column " + header.get(c).strip() + ": \"" + v + "\" is not a number");
                    }
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) throw new CliException(file + " has a header but no rows");
        return rows;
    }

    /** One line's cells; double quotes around a cell, and "" inside one, as RFC 4180 says. */
    private static List<String> cells(String line) {
        var out = new ArrayList<String>();
        var cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') { out.add(cell.toString()); cell.setLength(0); }
            else cell.append(c);
        }
        out.add(cell.toString());
        return out;
    }
}
