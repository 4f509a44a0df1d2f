package forecast.adapters.web;

import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
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
     * The rows of {@code v}, or null when they are not there or not all readable (errors added).
     *
     * @throws ProblemException 413 when there are more than {@code maxHistory}
     */
    static DataRows read(JsonValue v, int maxHistory, List<Violation> errors) {
        return read(v, maxHistory, true, errors);
    }

    /** As {@link #read(JsonValue, int, List)}; without {@code gaps}, a null value is refused (realised values are never gaps). */
    static DataRows read(JsonValue v, int maxHistory, boolean gaps, List<Violation> errors) {
        String shape = "an array of rows [timestamp, value, feature...]";
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            errors.add(new Violation("data", "is required: " + shape));
            return null;
        }
        if (!(v instanceof JsonArray data)) {
            errors.add(new Violation("data", "must be " + shape + ", got " + Json.describe(v)));
            return null;
        }
        if (data.isEmpty()) {
            errors.add(new Violation("data", "must contain at least one row"));
            return null;
        }
        if (data.size() > maxHistory)
            throw new ProblemException(Problem.tooLarge("data", "has " + data.size() + " rows; at most " + maxHistory + " are accepted"));
        int width = data.get(0) instanceof JsonArray first ? first.size() : -1;
        var rows = new DataRows(data.size(), width);
        int before = errors.size();
        for (int i = 0; i < data.size() && errors.size() < MAX_VIOLATIONS; i++) {
            String field = "data[" + i + "]";
            if (!(data.get(i) instanceof JsonArray row)) {
                errors.add(new Violation(field, "must be an array [timestamp, value, feature...], got " + Json.describe(data.get(i))));
                continue;
            }
            if (row.size() < 2) {
                errors.add(new Violation(field, "must hold a timestamp and a value, got " + row.size() + " entr" + (row.size() == 1 ? "y" : "ies")));
                continue;
            }
            if (width >= 2 && row.size() != width) {
                errors.add(new Violation(field, "has " + row.size() + " entries but row 0 has " + width + "; every row needs the same columns"));
                continue;
            }
            try {
                rows.times.add(Timestamps.read(row.get(0)));
            } catch (IllegalArgumentException e) {
                errors.add(new Violation(field + "[0]", e.getMessage()));
                rows.times.add(null);
            }
            rows.values[i] = gaps || row.get(1).getValueType() != JsonValue.ValueType.NULL ? cell(row.get(1), field + "[1]", "value", errors)
                    : refuse(field + "[1]", "value must be a finite number: a realised value is never a gap, got null", errors);
            if (width > 2) {
                double[] f = new double[width - 2];
                for (int j = 2; j < width; j++) f[j - 2] = cell(row.get(j), field + "[" + j + "]", "feature value", errors);
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

    /** A value or feature: a finite number, or null for a gap / an unknown. */
    private static double cell(JsonValue v, String field, String what, List<Violation> errors) {
        if (v.getValueType() == JsonValue.ValueType.NULL) return Double.NaN;
        if (v instanceof JsonNumber n) {
            double d = PredictInput.number(n);
            if (Double.isFinite(d)) return d;
            errors.add(new Violation(field, what + " must be a finite number, got " + Json.abbreviate(n.toString())));
            return Double.NaN;
        }
        errors.add(new Violation(field, what + " must be a number, or null for a missing one, got " + Json.describe(v)));
        return Double.NaN;
    }

    /** One row of {@code k} known feature values per horizon step, or none. */
    static List<double[]> future(JsonValue v, int k, int horizon, List<Violation> errors) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) return List.of();
        if (!(v instanceof JsonArray rows)) {
            errors.add(new Violation("future_features", "must be an array with one row of feature values per forecast step, got " + Json.describe(v)));
            return List.of();
        }
        if (rows.isEmpty()) return List.of();
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
            if (!(rows.get(i) instanceof JsonArray row) || row.size() != k) {
                errors.add(new Violation(field, "must be an array of the " + k + " feature value(s) the data rows have after timestamp and value"));
                continue;
            }
            double[] f = new double[k];
            for (int j = 0; j < k; j++) f[j] = cell(row.get(j), field + "[" + j + "]", "feature value", errors);
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
