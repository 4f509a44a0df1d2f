package forecast.adapters.web;

import forecast.domain.naming.NameRule;
import forecast.domain.series.Frequency;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CSV request body (RFC 4180: quoted cells may hold commas, line breaks and doubled quotes) of
 * series rows, read into one {@link TimeSeries} per series, each checked as the {@code data} rows of
 * a JSON request are ({@link DataRows}): timestamps by {@link Timestamps} (ISO-8601 with an offset,
 * a date, or epoch seconds or milliseconds), values as finite numbers. The header names the shape:
 * <ul>
 *   <li>{@code timestamp,value[,feature...]}: one series ({@link Shape#WIDE});</li>
 *   <li>{@code series_id,timestamp,value[,feature...]}: many, their rows in any order of series
 *       but each series' rows sorted by time ({@link Shape#LONG}).</li>
 * </ul>
 * The feature columns' names come from the header. An empty value is a gap; an empty feature value
 * is unknown. Every problem is named by its line (counted from 1, the header's) and column, as
 * {@code line 12, column value}; the rows are read in full before anything is answered.
 *
 * @param series the rows of each series, in the order the series first appear; a {@link Shape#WIDE}
 *               body's one series is under {@link SeriesId#DEFAULT} (see {@link #only()})
 * @param lines  the line of each series' rows
 */
record CsvRows(Shape shape, List<String> featureNames, Map<SeriesId, TimeSeries> series, Map<SeriesId, int[]> lines) {
    /** The header of one series, or of many. */
    enum Shape { WIDE, LONG }

    static final String TIMESTAMP = "timestamp";
    static final String VALUE = "value";
    static final String SERIES_ID = "series_id";
    /** Enough errors for a client to see the pattern; reading stops there. */
    private static final int MAX_VIOLATIONS = 50;
    private static final Pattern ROW_FIELD = Pattern.compile("data\\[(\\d+)]\\[(\\d+)]");
    private static final String SHAPES = "timestamp,value[,feature...] for one series or series_id,timestamp,value[,feature...] for many";

    CsvRows {
        featureNames = List.copyOf(featureNames);
        series = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(series));
        lines = Map.copyOf(lines);
    }

    /** The one series of a {@link Shape#WIDE} body. */
    TimeSeries only() {
        return series.values().iterator().next();
    }

    /** Whether a {@code Content-Type} header value names CSV ({@code text/csv}, also {@code application/csv}). */
    static boolean isCsv(String contentType) {
        if (contentType == null) return false;
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return type.equals("text/csv") || type.equals("application/csv");
    }

    /**
     * Reads {@code body} (UTF-8, a byte order mark allowed): at most {@code maxRows} rows a series,
     * each series at {@code frequency} (null: inferred from its times).
     *
     * @throws ProblemException 400 naming every line and column at fault, 413 naming the line of the
     *                          row over {@code maxRows}
     */
    static CsvRows read(byte[] body, int maxRows, Frequency frequency) {
        var records = new CsvRecords(text(body));
        List<String> header = records.next();
        while (header != null && header.size() == 1 && header.get(0).isBlank()) header = records.next();
        if (header == null) throw new ProblemException(Problem.invalid("body", "is empty; send a header " + SHAPES + " and rows"));
        int headerLine = records.line();
        var columns = header.stream().map(String::strip).toList();
        Shape shape = shape(columns, headerLine);
        int first = shape == Shape.LONG ? 3 : 2;
        var names = featureNames(columns, first, headerLine);
        var errors = new ArrayList<Violation>();
        var builders = new LinkedHashMap<SeriesId, Builder>();
        for (List<String> cells = records.next(); cells != null && errors.size() < MAX_VIOLATIONS; cells = records.next()) {
            int line = records.line();
            if (cells.size() == 1 && cells.get(0).isBlank()) continue; // an empty line
            if (cells.size() != columns.size()) {
                errors.add(new Violation("line " + line, "has " + cells.size() + " cell" + (cells.size() == 1 ? "" : "s") + "; the header has "
                        + columns.size() + " (" + String.join(",", columns) + ")"));
                continue;
            }
            SeriesId id = shape == Shape.WIDE ? SeriesId.DEFAULT : seriesId(cells.get(0), line, errors);
            if (id == null) continue;
            var rows = builders.computeIfAbsent(id, k -> new Builder());
            if (rows.size() == maxRows)
                throw new ProblemException(Problem.tooLarge("line " + line, (shape == Shape.LONG ? "series " + id + " has" : "the series has")
                        + " more than " + maxRows + " rows; at most " + maxRows + " are accepted" + (shape == Shape.LONG ? " per series" : "")));
            rows.add(line, cells, first, columns, errors);
        }
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        if (builders.isEmpty()) throw new ProblemException(Problem.invalid("body", "has a header but no rows"));
        var series = new LinkedHashMap<SeriesId, TimeSeries>();
        var lines = new LinkedHashMap<SeriesId, int[]>();
        for (var e : builders.entrySet()) {
            lines.put(e.getKey(), e.getValue().lines.stream().mapToInt(Integer::intValue).toArray());
            try {
                series.put(e.getKey(), e.getValue().series(names, frequency));
            } catch (InvalidInputException bad) {
                for (var v : bad.violations()) errors.add(located(v, e.getValue(), columns, first, shape == Shape.LONG ? e.getKey() : null));
            }
        }
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return new CsvRows(shape, names, series, lines);
    }

    private static String text(byte[] body) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new ProblemException(Problem.invalid("body", "is not UTF-8 text"));
        }
    }

    private static Shape shape(List<String> columns, int line) {
        var lower = columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (lower.size() >= 2 && lower.get(0).equals(TIMESTAMP) && lower.get(1).equals(VALUE)) return Shape.WIDE;
        if (lower.size() >= 3 && lower.get(0).equals(SERIES_ID) && lower.get(1).equals(TIMESTAMP) && lower.get(2).equals(VALUE)) return Shape.LONG;
        throw new ProblemException(Problem.invalid("line " + line, "must be a header " + SHAPES + ", got \"" + Json.abbreviate(String.join(",", columns)) + "\""));
    }

    /** The header's names from column {@code first} on: each given, once, and none of the reserved ones. */
    private static List<String> featureNames(List<String> columns, int first, int line) {
        var errors = new ArrayList<Violation>();
        var seen = new HashSet<String>();
        for (int j = first; j < columns.size(); j++) {
            String name = columns.get(j);
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.isEmpty()) errors.add(new Violation("line " + line + ", column " + (j + 1), "a feature column needs a name"));
            else if (lower.equals(TIMESTAMP) || lower.equals(VALUE) || lower.equals(SERIES_ID))
                errors.add(new Violation("line " + line + ", column " + name, "is reserved; a feature column needs another name"));
            else if (!seen.add(name)) errors.add(new Violation("line " + line + ", column " + name, "is given twice"));
        }
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return List.copyOf(columns.subList(first, columns.size()));
    }

    private static SeriesId seriesId(String cell, int line, List<Violation> errors) {
        try {
            return new SeriesId(cell.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new Violation("line " + line + ", column " + SERIES_ID,
                    NameRule.NAME.problem(cell.strip()) + ", got \"" + Json.abbreviate(cell) + "\""));
            return null;
        }
    }

    /**
     * A violation of {@link TimeSeries#of}, which names rows as {@code data[i][j]}, named by the
     * CSV's line and column; one about the whole series names the body (and the series, when many).
     */
    private static Violation located(Violation v, Builder rows, List<String> columns, int first, SeriesId series) {
        Matcher m = ROW_FIELD.matcher(v.field());
        if (m.matches()) {
            int row = Integer.parseInt(m.group(1));
            int column = Integer.parseInt(m.group(2)) + first - 2;
            String name = column < columns.size() ? columns.get(column) : Integer.toString(column + 1);
            return new Violation("line " + rows.line(row) + ", column " + name, v.message());
        }
        return new Violation("body", (series == null ? "" : "series " + series + ": ") + v.message());
    }

    /** One series' rows as read, with the line each came from. */
    private static final class Builder {
        private final List<Instant> times = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();
        private final List<double[]> features = new ArrayList<>();
        private final List<Integer> lines = new ArrayList<>();

        int size() {
            return times.size();
        }

        int line(int row) {
            return lines.get(row);
        }

        void add(int line, List<String> cells, int first, List<String> columns, List<Violation> errors) {
            String at = "line " + line + ", column ";
            int t = first - 2;
            Instant time = null;
            String ts = cells.get(t).strip();
            if (ts.isEmpty()) errors.add(new Violation(at + columns.get(t), "is empty: a timestamp " + Timestamps.EXPECTED));
            else {
                try {
                    time = Timestamps.text(ts);
                } catch (IllegalArgumentException e) {
                    errors.add(new Violation(at + columns.get(t), e.getMessage()));
                }
            }
            double value = number(cells.get(t + 1), at + columns.get(t + 1), "value", "a gap", errors);
            double[] f = new double[cells.size() - first];
            for (int j = first; j < cells.size(); j++) f[j - first] = number(cells.get(j), at + columns.get(j), "feature value", "an unknown one", errors);
            times.add(time);
            values.add(value);
            features.add(f);
            lines.add(line);
        }

        TimeSeries series(List<String> names, Frequency frequency) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            return TimeSeries.of(times, v, names, names.isEmpty() ? null : features.toArray(double[][]::new), frequency);
        }
    }

    /** A value or feature cell: a finite decimal number, or empty ({@code NaN}). */
    private static double number(String cell, String field, String what, String empty, List<Violation> errors) {
        String c = cell.strip();
        if (c.isEmpty()) return Double.NaN;
        if (decimal(c)) {
            double d = Double.parseDouble(c);
            if (Double.isFinite(d)) return d;
            errors.add(new Violation(field, what + " must be a finite number, got " + Json.abbreviate(c)));
            return Double.NaN;
        }
        errors.add(new Violation(field, what + " must be a number, or empty for " + empty + ", got \"" + Json.abbreviate(c) + "\""));
        return Double.NaN;
    }

    /**
     * Whether {@code s} is a decimal number as JSON writes one, with an optional {@code +} and
     * leading or trailing point ({@code .5}, {@code 5.}): what {@link Double#parseDouble} reads, less
     * its {@code NaN}, {@code Infinity}, hexadecimal and type suffixes.
     */
    static boolean decimal(String s) {
        int i = 0, n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) { i++; digits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exponent = 0;
            while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) { i++; exponent++; }
            if (exponent == 0) return false;
        }
        return i == n;
    }
}
