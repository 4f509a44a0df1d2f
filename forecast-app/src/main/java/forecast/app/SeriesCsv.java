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
 * Reads a series from CSV: a header {@code timestamp,value[,feature...]}, ISO-8601 UTC timestamps,
 * and an empty value cell for a gap.
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
            times.add(Instant.parse(cells[0].trim()));
            values.add(number(cells[1]));
            double[] f = new double[features.size()];
            for (int k = 0; k < f.length; k++) f[k] = number(cells[2 + k]);
            rows.add(f);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return TimeSeries.of(times, v, features, rows.toArray(double[][]::new), null);
    }

    private static double number(String cell) {
        String c = cell.trim();
        return c.isEmpty() ? Double.NaN : Double.parseDouble(c);
    }
}
