package forecast.adapters.web;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Horizon;
import forecast.domain.forecasting.Level;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import forecast.domain.serving.PredictionRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one predict request ({@code {"data": [[timestamp, value, feature...], ...],
 * "forecast_horizon": 10, "confidence_level": 0.95, "model_version": "v1.2", "future_features":
 * [[...], ...]}}) into a {@link PredictionRequest}, or a problem naming every field at fault.
 * Unknown members are ignored.
 */
final class PredictInput {
    /** Enough errors for a client to see the pattern; scanning stops there. */
    private static final int MAX_VIOLATIONS = 50;
    private static final double DEFAULT_LEVEL = 0.95;
    private static final List<List<String>> FEATURE_NAMES = featureNames(16);

    /** A request ready to run, and the confidence level it asked for (a fraction). */
    record Valid(PredictionRequest request, Level level, double confidence) {}

    private final WebSettings settings;

    PredictInput(WebSettings settings) {
        this.settings = settings;
    }

    /** @throws ProblemException 400 or 413 naming the fields at fault */
    Valid read(JsonValue body) {
        if (!(body instanceof JsonObject o))
            throw new ProblemException(Problem.invalid("body", "must be a JSON object with data and forecast_horizon, got " + Json.describe(body)));
        var errors = new ArrayList<Violation>();
        int horizon = horizon(o.get("forecast_horizon"), errors);
        double confidence = confidence(o.get("confidence_level"), errors);
        String version = version(o.get("model_version"), errors);
        Rows rows = rows(o.get("data"), errors);
        List<double[]> future = rows == null ? List.of() : future(o.get("future_features"), rows.width - 2, horizon, errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));

        TimeSeries series;
        try {
            int k = rows.width - 2;
            series = TimeSeries.of(rows.times, rows.values, names(k), k == 0 ? null : rows.features, null);
        } catch (InvalidInputException e) {
            throw new ProblemException(Problem.invalid(e.violations()));
        } catch (ArithmeticException | DateTimeException e) {
            // the domain measures gaps in nanoseconds; centuries between rows overflow that
            throw new ProblemException(Problem.invalid("data", "timestamps span too long a time to handle: " + e.getMessage()));
        }
        var level = Level.ofFraction(confidence);
        var query = new ForecastQuery(series, new Horizon(horizon), List.of(level), future);
        return new Valid(new PredictionRequest(query, version), level, confidence);
    }

    private int horizon(JsonValue v, List<Violation> errors) {
        String expected = "must be an integer from 1 to " + settings.maxHorizon();
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            errors.add(new Violation("forecast_horizon", "is required: the number of steps to forecast, an integer from 1 to " + settings.maxHorizon()));
            return -1;
        }
        if (!(v instanceof JsonNumber n)) {
            errors.add(new Violation("forecast_horizon", expected + ", got " + Json.describe(v)));
            return -1;
        }
        double d = number(n);
        if (Double.isNaN(d) || d != Math.rint(d)) errors.add(new Violation("forecast_horizon", expected + ", got " + Json.abbreviate(n.toString())));
        else if (d < 1) errors.add(new Violation("forecast_horizon", "must be at least 1, got " + Json.abbreviate(n.toString())));
        else if (d > settings.maxHorizon()) errors.add(new Violation("forecast_horizon", "must be at most " + settings.maxHorizon() + ", got " + Json.abbreviate(n.toString())));
        else return (int) d;
        return -1;
    }

    private static double confidence(JsonValue v, List<Violation> errors) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) return DEFAULT_LEVEL;
        if (v instanceof JsonNumber n) {
            double d = number(n);
            // Level keeps four decimals of a percentage, so anything finer would round to 0 or 100.
            if (d >= 1e-6 && d <= 1 - 1e-6) return d;
        }
        errors.add(new Violation("confidence_level", "must be a number between 0 and 1 (exclusive), such as 0.95, got " + Json.describe(v)));
        return DEFAULT_LEVEL;
    }

    private static String version(JsonValue v, List<Violation> errors) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) return null;
        if (v instanceof JsonString s) return s.getString();
        errors.add(new Violation("model_version", "must be a model version's id or label (a string), got " + Json.describe(v)));
        return null;
    }

    private static final class Rows {
        final List<Instant> times;
        final double[] values;
        final double[][] features;
        final int width;

        Rows(int n, int width) {
            this.times = new ArrayList<>(n);
            this.values = new double[n];
            this.features = new double[n][];
            this.width = width;
        }
    }

    /** The rows, or null when they are not there or not all readable (with errors added). */
    private Rows rows(JsonValue v, List<Violation> errors) {
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
        if (data.size() > settings.maxHistory())
            throw new ProblemException(Problem.tooLarge("data", "has " + data.size() + " rows; at most " + settings.maxHistory() + " are accepted"));
        int width = data.get(0) instanceof JsonArray first ? first.size() : -1;
        var rows = new Rows(data.size(), width);
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
            rows.values[i] = cell(row.get(1), field + "[1]", "value", errors);
            if (width > 2) {
                double[] f = new double[width - 2];
                for (int j = 2; j < width; j++) f[j - 2] = cell(row.get(j), field + "[" + j + "]", "feature value", errors);
                rows.features[i] = f;
            }
        }
        return errors.size() == before ? rows : null;
    }

    /** A value or feature: a finite number, or null for a gap / an unknown. */
    private static double cell(JsonValue v, String field, String what, List<Violation> errors) {
        if (v.getValueType() == JsonValue.ValueType.NULL) return Double.NaN;
        if (v instanceof JsonNumber n) {
            double d = number(n);
            if (Double.isFinite(d)) return d;
            errors.add(new Violation(field, what + " must be a finite number, got " + Json.abbreviate(n.toString())));
            return Double.NaN;
        }
        errors.add(new Violation(field, what + " must be a number, or null for a missing one, got " + Json.describe(v)));
        return Double.NaN;
    }

    /** One row of {@code k} known feature values per horizon step, or none. */
    private static List<double[]> future(JsonValue v, int k, int horizon, List<Violation> errors) {
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

    /** The number as a double; NaN when JSON-P refuses to convert it (absurdly long digits). */
    private static double number(JsonNumber n) {
        try {
            return n.doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static List<String> names(int k) {
        return k < FEATURE_NAMES.size() ? FEATURE_NAMES.get(k) : featureNames(k + 1).get(k);
    }

    /** {@code feature1..featurek} for each k below {@code max}; the model renames them to its own. */
    private static List<List<String>> featureNames(int max) {
        var out = new ArrayList<List<String>>(max);
        for (int k = 0; k < max; k++) {
            String[] names = new String[k];
            Arrays.setAll(names, i -> "feature" + (i + 1));
            out.add(List.of(names));
        }
        return List.copyOf(out);
    }
}
