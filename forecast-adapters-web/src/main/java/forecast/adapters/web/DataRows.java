package forecast.adapters.web;

import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's {@code data} rows ({@code [timestamp, value, feature...]}) and
 * {@code future_features}, read into arrays with every unreadable cell reported by its place
 * ({@code data[3][1]}). A value or feature may be {@code null}: a gap, or an unknown.
 */
final class DataRows {
    /** Enough errors for a client to see the pattern; scanning stops there. */
    private static final int MAX_VIOLATIONS = 50;
    private static final List<List<String>> FEATURE_NAMES = featureNames(16);

    private final List<Instant> times;
    private final double[] values;
    private final double[][] features;
    private final int width;

    private DataRows(int n, int width) {
        this.times = new ArrayList<>(n);
        this.values = new double[n];
        this.features = new double[n][];
        this.width = width;
    }

    /** Extra feature columns per row. */
    int featureCount() {
        return width - 2;
    }

    /**
     * The series of these rows, its feature columns named {@code feature1..k}.
     *
     * @throws forecast.domain.series.InvalidInputException when the timestamps are unsorted,
     *                                                      duplicated or irregular
     */
    TimeSeries series() {
        int k = featureCount();
        return TimeSeries.of(times, values, names(k), k == 0 ? null : features, null);
    }

    /**
     * The rows sent as {@code data} (null when absent), or null when they are not there or not all
     * readable (errors added).
     *
     * @throws ProblemException 413 when there are more than {@code maxHistory}
     */
    static DataRows read(CellRows data, int maxHistory, List<Violation> errors) {
        return read(data, maxHistory, true, errors);
    }

    /** As {@link #read(CellRows, int, List)}; without {@code gaps}, a null value is refused (realised values are never gaps). */
    static DataRows read(CellRows data, int maxHistory, boolean gaps, List<Violation> errors) {
        String shape = "an array of rows [timestamp, value, feature...]";
        if (data == null || data.isNull()) {
            errors.add(new Violation("data", "is required: " + shape));
            return null;
        }
        if (!data.isArray()) {
            errors.add(new Violation("data", "must be " + shape + ", got " + data.description()));
            return null;
        }
        if (data.size() == 0) {
            errors.add(new Violation("data", "must contain at least one row"));
            return null;
        }
        if (data.size() > maxHistory)
            throw new ProblemException(Problem.tooLarge("data", "has " + data.size() + " rows; at most " + maxHistory + " are accepted"));
        int width = data.width(0) >= 0 ? data.width(0) : -1;
        var rows = new DataRows(data.size(), width);
        int before = errors.size();
        for (int i = 0; i < data.size() && errors.size() < MAX_VIOLATIONS; i++) {
            String field = "data[" + i + "]";
            int size = data.width(i);
            if (size < 0) {
                errors.add(new Violation(field, "must be an array [timestamp, value, feature...], got " + data.rowDescription(i)));
                continue;
            }
            if (size < 2) {
                errors.add(new Violation(field, "must hold a timestamp and a value, got " + size + " entr" + (size == 1 ? "y" : "ies")));
                continue;
            }
            if (width >= 2 && size != width) {
                errors.add(new Violation(field, "has " + size + " entries but row 0 has " + width + "; every row needs the same columns"));
                continue;
            }
            try {
                rows.times.add(Timestamps.read(data, i, 0));
            } catch (IllegalArgumentException e) {
                errors.add(new Violation(field + "[0]", e.getMessage()));
                rows.times.add(null);
            }
            rows.values[i] = gaps || data.kind(i, 1) != CellRows.NULL ? cell(data, i, 1, field, "value", errors)
                    : refuse(field + "[1]", "value must be a finite number: a realised value is never a gap, got null", errors);
            if (width > 2) {
                double[] f = new double[width - 2];
                for (int j = 2; j < width; j++) f[j - 2] = cell(data, i, j, field, "feature value", errors);
                rows.features[i] = f;
            }
        }
        return errors.size() == before ? rows : null;
    }

    private static double refuse(String field, String message, List<Violation> errors) {
        errors.add(new Violation(field, message));
        return Double.NaN;
    }

    /** The number of rows. */
    int size() {
        return values.length;
    }

    Instant time(int i) {
        return times.get(i);
    }

    double value(int i) {
        return values[i];
    }

    /** Row {@code i}'s feature values (none when the rows have no feature columns). */
    double[] features(int i) {
        return features[i] == null ? new double[0] : features[i];
    }

    /** Cell ({@code i}, {@code j}), a value or feature: a finite number, or null for a gap / an unknown. */
    private static double cell(CellRows rows, int i, int j, String row, String what, List<Violation> errors) {
        byte kind = rows.kind(i, j);
        if (kind == CellRows.NULL) return Double.NaN;
        if (kind == CellRows.WHOLE || kind == CellRows.NUMBER) {
            double d = rows.number(i, j);
            if (Double.isFinite(d)) return d;
            errors.add(new Violation(row + "[" + j + "]", what + " must be a finite number, got " + Json.abbreviate(rows.numberText(i, j))));
            return Double.NaN;
        }
        errors.add(new Violation(row + "[" + j + "]", what + " must be a number, or null for a missing one, got " + rows.describe(i, j)));
        return Double.NaN;
    }

    /** One row of {@code k} known feature values per horizon step, or none. */
    static List<double[]> future(CellRows rows, int k, int horizon, List<Violation> errors) {
        if (rows == null || rows.isNull()) return List.of();
        if (!rows.isArray()) {
            errors.add(new Violation("future_features", "must be an array with one row of feature values per forecast step, got " + rows.description()));
            return List.of();
        }
        if (rows.size() == 0) return List.of();
        if (k == 0) {
            errors.add(new Violation("future_features", "are only for series with feature columns; the data rows have none"));
            return List.of();
        }
        if (horizon > 0 && rows.size() != horizon) {
            errors.add(new Violation("future_features", "must have one row per forecast step: " + horizon + " rows, got " + rows.size()));
            return List.of();
        }
        var out = new ArrayList<double[]>(rows.size());
        for (int i = 0; i < rows.size() && errors.size() < MAX_VIOLATIONS; i++) {
            String field = "future_features[" + i + "]";
            if (rows.width(i) != k) {
                errors.add(new Violation(field, "must be an array of the " + k + " feature value(s) the data rows have after timestamp and value"));
                continue;
            }
            double[] f = new double[k];
            for (int j = 0; j < k; j++) f[j] = cell(rows, i, j, field, "feature value", errors);
            out.add(f);
        }
        return out;
    }

    private static List<String> names(int k) {
        return k < FEATURE_NAMES.size() ? FEATURE_NAMES.get(k) : TimeSeries.defaultFeatureNames(k);
    }

    /** The series' default names for each k below {@code max}, made once: the prediction path asks for them every request. */
    private static List<List<String>> featureNames(int max) {
        var out = new ArrayList<List<String>>(max);
        for (int k = 0; k < max; k++) out.add(TimeSeries.defaultFeatureNames(k));
        return List.copyOf(out);
    }
}
