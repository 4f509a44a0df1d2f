package forecast.app.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** JSON answers as text for a terminal: lists of objects as tables, an object as aligned {@code name  value} lines. */
final class Render {
    private static final int MAX_CELL = 60;

    private Render() {}

    /** The objects {@code rows} as a table of {@code columns} (null: every member that is not an array or object). */
    static void table(PrintStream out, List<?> rows, List<String> columns) {
        var maps = new ArrayList<Map<?, ?>>();
        for (Object r : rows) if (r instanceof Map<?, ?> m) maps.add(m);
        if (maps.isEmpty()) {
            out.println("(none)");
            return;
        }
        List<String> cols = columns;
        if (cols == null) {
            var names = new LinkedHashSet<String>();
            for (var m : maps) for (var e : m.entrySet()) if (!(e.getValue() instanceof Map) && !(e.getValue() instanceof List<?> l && !scalars(l))) names.add(String.valueOf(e.getKey()));
            cols = List.copyOf(names);
        }
        var cells = new ArrayList<String[]>();
        var header = cols.stream().map(String::toUpperCase).toArray(String[]::new);
        cells.add(header);
        for (var m : maps) {
            var row = new String[cols.size()];
            for (int c = 0; c < row.length; c++) row[c] = cell(path(m, cols.get(c)));
            cells.add(row);
        }
        int[] width = new int[cols.size()];
        for (var row : cells) for (int c = 0; c < row.length; c++) width[c] = Math.max(width[c], row[c].length());
        for (var row : cells) {
            var line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) line.append("  ");
                line.append(c == row.length - 1 ? row[c] : pad(row[c], width[c]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** {@code name  value} lines: nested objects by dotted names, lists of objects as tables under their name. */
    static void object(PrintStream out, Map<?, ?> object) {
        var flat = new LinkedHashMap<String, String>();
        var tables = new LinkedHashMap<String, List<?>>();
        flatten("", object, flat, tables);
        int width = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
        flat.forEach((k, v) -> out.println(pad(k, width) + "  " + v));
        tables.forEach((k, rows) -> {
            out.println();
            out.println(k + ":");
            table(out, rows, null);
        });
    }

    private static void flatten(String prefix, Map<?, ?> m, Map<String, String> flat, Map<String, List<?>> tables) {
        for (var e : m.entrySet()) {
            String name = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> inner && !inner.isEmpty()) flatten(name + ".", inner, flat, tables);
            else if (v instanceof List<?> l && !l.isEmpty() && !scalars(l)) {
                if (l.stream().allMatch(x -> x instanceof Map)) tables.put(name, l);
                else flat.put(name, cell(v));
            } else flat.put(name, cell(v));
        }
    }

    private static boolean scalars(List<?> l) {
        return l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
    }

    /** A member of {@code m} by a dotted path ({@code model.metrics.mape}), or null. */
    static Object path(Map<?, ?> m, String path) {
        Object v = m;
        for (String part : path.split("\\.")) {
            if (!(v instanceof Map<?, ?> map)) return null;
            v = map.get(part);
        }
        return v;
    }

    /** A value as a cell: numbers to at most 4 decimals, lists of scalars joined, objects as compact JSON; null as "-". */
    static String cell(Object v) {
        String s = switch (v) {
            case null -> "-";
            case BigDecimal d -> number(d);
            case List<?> l when scalars(l) -> l.isEmpty() ? "-" : String.join(",", l.stream().map(Render::cell).toList());
            case Map<?, ?> m when m.isEmpty() -> "-";
            case Map<?, ?> m -> JsonText.write(m);
            case List<?> l -> JsonText.write(l);
            default -> String.valueOf(v);
        };
        s = s.replaceAll("\\s*\\R\\s*", " ");
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 3) + "..." : s;
    }

    static String number(BigDecimal d) {
        BigDecimal r = d.scale() > 4 ? d.setScale(4, RoundingMode.HALF_UP) : d;
        return r.toPlainString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
