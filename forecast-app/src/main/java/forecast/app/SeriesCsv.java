package forecast.app;

import forecast.domain.series.InvalidInputException;
import forecast.domain.series.TimeSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a series from CSV: a header {@code timestamp,value[,feature...]}, timestamps as the server
 * reads a CSV's (ISO-8601 with {@code Z} or an offset, a date alone as midnight UTC, a date and
 * time without offset as UTC, or epoch seconds, milliseconds above 10^11), and an empty value cell
 * for a gap. A cell that cannot be read is an {@link InvalidInputException} naming its line.
 */
final class SeriesCsv {
    private SeriesCsv() {}

    static TimeSeries read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) throw new InvalidInputException("file", file + " is empty");
        String[] header = lines.get(0).split(",", -1);
        if (header.length < 2 || !header[0].trim().equalsIgnoreCase("timestamp"))
            throw new InvalidInputException("file", file + " must start with a header timestamp,value[,feature...]");
        List<String> features = Arrays.stream(header).skip(2).map(String::trim).toList();
        var times = new ArrayList<Instant>();
        var values = new ArrayList<Double>();
        var rows = new ArrayList<double[]>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) throw new InvalidInputException("line " + (i + 1), "expected " + header.length + " cells, got " + cells.length);
            String where = "line " + (i + 1);
            times.add(timestamp(cells[0], where));
            values.add(number(cells[1], where, header[1].trim()));
            double[] f = new double[features.size()];
            for (int k = 0; k < f.length; k++) f[k] = number(cells[2 + k], where, features.get(k));
            rows.add(f);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return TimeSeries.of(times, v, features, rows.toArray(double[][]::new), null);
    }

    private static double number(String cell, String where, String column) {
        String c = unquoted(cell);
        try {
            return c.isEmpty() ? Double.NaN : Double.parseDouble(c);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where, "column " + column + ": \"" + c + "\" is not a number");
        }
    }

    /** A timestamp cell: ISO-8601 instant or offset date-time, a date-time without offset (UTC), a date (midnight UTC), or epoch seconds/milliseconds. */
    static Instant timestamp(String cell, String where) {
        String t = unquoted(cell);
        try {
            if (t.matches("[+-]?\\d+")) {
                long n = Long.parseLong(t);
                return Math.abs(n) > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
            }
            if (t.length() == 10) return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
            try {
                return java.time.OffsetDateTime.parse(iso).toInstant();
            } catch (java.time.format.DateTimeParseException noOffset) {
                return java.time.LocalDateTime.parse(iso).toInstant(java.time.ZoneOffset.UTC);
            }
        } catch (java.time.DateTimeException | NumberFormatException e) {
            throw new InvalidInputException(where, "timestamp \"" + t + "\" is not an ISO-8601 date or time (2024-01-01, 2024-01-01T00:00:00Z) or epoch seconds");
        }
    }

    private static String unquoted(String cell) {
        String c = cell.trim();
        return c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"") ? c.substring(1, c.length() - 1).trim() : c;
    }
}
