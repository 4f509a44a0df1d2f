package forecast.adapters.web;

import forecast.domain.experiment.StartRequest;
import forecast.domain.recording.Actuals;
import forecast.domain.series.Violation;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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

    private ExperimentInput() {}

    /**
     * {@code {"name", "models": [...], "traffic_split": [...], "duration_hours", "metric"?,
     * "min_samples"?, "sticky"?, "scope"?, "actor"?, "model"?}}; absent members are left to the
     * service; {@code model} names the model whose versions {@code models} are (default: {@code default}).
     *
     * @throws ProblemException 400 naming every member of the wrong type
     */
    static StartRequest start(JsonObject o) {
        var errors = new ArrayList<Violation>();
        RequestFields.unknown(o.keySet(), java.util.Set.of("name", "models", "traffic_split", "duration_hours", "metric", "min_samples", "sticky", "scope",
                "actor", "model"), "", errors);
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
        String model = RequestFields.model(o.get("model"), "model", errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return new StartRequest(model, name, models, split, hours, metric, minSamples, sticky, scope, actor);
    }

    /**
     * {@code {"prediction_id"?, "series_id"?, "unit_id"?, "data": [[timestamp, value, feature...], ...]}},
     * at least one of the ids; at most {@code maxRows} rows, each as wide as the first.
     *
     * @throws ProblemException 400 naming every field at fault, 413 when there are too many rows
     */
    static Actuals actuals(RequestBody body, int maxRows) {
        JsonObject o = body.members();
        var errors = new ArrayList<Violation>();
        RequestFields.unknown(body.fieldNames(), java.util.Set.of("prediction_id", "series_id", "unit_id", "data"), "", errors);
        String predictionId = RequestFields.id(o.get("prediction_id"), "prediction_id", errors);
        String seriesId = RequestFields.id(o.get("series_id"), "series_id", errors);
        String unitId = RequestFields.id(o.get("unit_id"), "unit_id", errors);
        if (RequestFields.absent(o.get("prediction_id")) && RequestFields.absent(o.get("series_id")) && RequestFields.absent(o.get("unit_id")))
            errors.add(new Violation("prediction_id", "is required unless series_id or unit_id is given: whose forecasts the actuals score"));
        var values = observed(body.data(), maxRows, errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return new Actuals(predictionId, seriesId, unitId, values);
    }

    /**
     * {@code [[timestamp, value, feature...], ...]}, read as a prediction's data rows are, except
     * that a value may not be null (an actual is never a gap); a feature may be (unknown).
     */
    private static List<Actuals.Observed> observed(CellRows data, int maxRows, List<Violation> errors) {
        var rows = DataRows.read(data, maxRows, false, errors);
        if (rows == null) return List.of();
        var out = new ArrayList<Actuals.Observed>(rows.size());
        for (int i = 0; i < rows.size(); i++) out.add(new Actuals.Observed(rows.time(i), rows.value(i), rows.features(i)));
        return out;
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
