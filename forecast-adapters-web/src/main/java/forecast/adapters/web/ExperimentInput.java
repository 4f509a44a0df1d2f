package forecast.adapters.web;

import forecast.domain.experiment.Actuals;
import forecast.domain.experiment.StartRequest;
import forecast.domain.series.Violation;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the A/B test requests: {@code POST /ab-test/start} into a {@link StartRequest} and
 * {@code POST /actuals} into {@link Actuals}, naming every member of the wrong JSON type. Whether
 * the values make an experiment (two or more known versions, shares that sum to 1, a positive
 * duration) is the service's to say. Unknown members are ignored.
 */
final class ExperimentInput {
    /** Not an experiment's name: {@code /ab-test/start} is the path that starts one. */
    static final String RESERVED_NAME = "start";
    private static final int MAX_MIN_SAMPLES = 1_000_000;
    /** Enough errors for a client to see the pattern; scanning stops there. */
    private static final int MAX_VIOLATIONS = 50;

    private ExperimentInput() {}

    /**
     * {@code {"name", "models": [...], "traffic_split": [...], "duration_hours", "metric"?,
     * "min_samples"?, "sticky"?, "scope"?, "actor"?}}; absent members are left to the service.
     *
     * @throws ProblemException 400 naming every member of the wrong type
     */
    static StartRequest start(JsonObject o) {
        var errors = new ArrayList<Violation>();
        String name = RequestFields.string(o.get("name"), "name", errors);
        if (RESERVED_NAME.equals(name))
            errors.add(new Violation("name", "'start' is reserved: POST /ab-test/start is the path that starts experiments"));
        List<String> models = strings(o.get("models"), "models", errors);
        List<Double> split = numbers(o.get("traffic_split"), "traffic_split", errors);
        Double hours = null;
        JsonValue duration = o.get("duration_hours");
        if (!RequestFields.absent(duration)) {
            if (duration instanceof JsonNumber n) hours = PredictInput.number(n);
            else errors.add(new Violation("duration_hours", "must be a number of hours, got " + Json.describe(duration)));
        }
        String metric = RequestFields.string(o.get("metric"), "metric", errors);
        Integer minSamples = RequestFields.integer(o.get("min_samples"), "min_samples", 1, MAX_MIN_SAMPLES, errors);
        Boolean sticky = RequestFields.absent(o.get("sticky")) ? null : RequestFields.bool(o.get("sticky"), "sticky", errors);
        String scope = RequestFields.id(o.get("scope"), "scope", errors);
        String actor = RequestFields.string(o.get("actor"), "actor", errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return new StartRequest(name, models, split, hours, metric, minSamples, sticky, scope, actor);
    }

    /**
     * {@code {"prediction_id"?, "series_id"?, "unit_id"?, "data": [[timestamp, value, feature...], ...]}},
     * at least one of the ids; at most {@code maxRows} rows, each as wide as the first.
     *
     * @throws ProblemException 400 naming every field at fault, 413 when there are too many rows
     */
    static Actuals actuals(JsonObject o, int maxRows) {
        var errors = new ArrayList<Violation>();
        String predictionId = RequestFields.id(o.get("prediction_id"), "prediction_id", errors);
        String seriesId = RequestFields.id(o.get("series_id"), "series_id", errors);
        String unitId = RequestFields.id(o.get("unit_id"), "unit_id", errors);
        if (RequestFields.absent(o.get("prediction_id")) && RequestFields.absent(o.get("series_id")) && RequestFields.absent(o.get("unit_id")))
            errors.add(new Violation("prediction_id", "is required unless series_id or unit_id is given: whose forecasts the actuals score"));
        var values = observed(o.get("data"), maxRows, errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return new Actuals(predictionId, seriesId, unitId, values);
    }

    /**
     * {@code [[timestamp, value, feature...], ...]}: every value a finite number (an actual is never
     * a gap); a feature a finite number or null (unknown); every row as wide as the first.
     */
    private static List<Actuals.Observed> observed(JsonValue v, int maxRows, List<Violation> errors) {
        String shape = "an array of rows [timestamp, value, feature...]";
        if (RequestFields.absent(v)) {
            errors.add(new Violation("data", "is required: " + shape));
            return List.of();
        }
        if (!(v instanceof JsonArray data)) {
            errors.add(new Violation("data", "must be " + shape + ", got " + Json.describe(v)));
            return List.of();
        }
        if (data.isEmpty()) {
            errors.add(new Violation("data", "must contain at least one row"));
            return List.of();
        }
        if (data.size() > maxRows)
            throw new ProblemException(Problem.tooLarge("data", "has " + data.size() + " rows; at most " + maxRows + " are accepted"));
        int width = data.get(0) instanceof JsonArray first && first.size() >= 2 ? first.size() : 2;
        var out = new ArrayList<Actuals.Observed>(data.size());
        for (int i = 0; i < data.size() && errors.size() < MAX_VIOLATIONS; i++) {
            String field = "data[" + i + "]";
            if (!(data.get(i) instanceof JsonArray row) || row.size() < 2) {
                errors.add(new Violation(field, "must be a row [timestamp, value, feature...], got " + Json.describe(data.get(i))
                        + (data.get(i) instanceof JsonArray r ? " of " + r.size() + " entr" + (r.size() == 1 ? "y" : "ies") : "")));
                continue;
            }
            if (row.size() != width) {
                errors.add(new Violation(field, "has " + row.size() + " entries but row 0 has " + width + "; every row needs the same columns"));
                continue;
            }
            int before = errors.size();
            Instant time = null;
            try {
                time = Timestamps.read(row.get(0));
            } catch (IllegalArgumentException e) {
                errors.add(new Violation(field + "[0]", e.getMessage()));
            }
            double value = Double.NaN;
            if (row.get(1) instanceof JsonNumber n && Double.isFinite(PredictInput.number(n))) value = PredictInput.number(n);
            else errors.add(new Violation(field + "[1]", "must be a finite number, got " + Json.describe(row.get(1))));
            double[] features = new double[width - 2];
            for (int j = 2; j < width; j++) features[j - 2] = feature(row.get(j), field + "[" + j + "]", errors);
            if (errors.size() == before) out.add(new Actuals.Observed(time, value, features));
        }
        return out;
    }

    /** A feature value: a finite number, or null when it is not known. */
    private static double feature(JsonValue v, String field, List<Violation> errors) {
        if (v.getValueType() == JsonValue.ValueType.NULL) return Double.NaN;
        if (v instanceof JsonNumber n && Double.isFinite(PredictInput.number(n))) return PredictInput.number(n);
        errors.add(new Violation(field, "feature value must be a finite number, or null for an unknown one, got " + Json.describe(v)));
        return Double.NaN;
    }

    private static List<String> strings(JsonValue v, String field, List<Violation> errors) {
        if (RequestFields.absent(v)) return null;
        if (!(v instanceof JsonArray a)) {
            errors.add(new Violation(field, "must be an array of model versions' ids or labels, got " + Json.describe(v)));
            return null;
        }
        var out = new ArrayList<String>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) instanceof JsonString s) out.add(s.getString());
            else errors.add(new Violation(field + "[" + i + "]", "must be a model version's id or label (a string), got " + Json.describe(a.get(i))));
        }
        return out;
    }

    private static List<Double> numbers(JsonValue v, String field, List<Violation> errors) {
        if (RequestFields.absent(v)) return null;
        if (!(v instanceof JsonArray a)) {
            errors.add(new Violation(field, "must be an array of shares such as [0.5, 0.5], got " + Json.describe(v)));
            return null;
        }
        var out = new ArrayList<Double>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) instanceof JsonNumber n) out.add(PredictInput.number(n));
            else errors.add(new Violation(field + "[" + i + "]", "must be a share in [0, 1] (a number), got " + Json.describe(a.get(i))));
        }
        return out;
    }
}
