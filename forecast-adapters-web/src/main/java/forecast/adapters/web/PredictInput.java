package forecast.adapters.web;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Horizon;
import forecast.domain.forecasting.Level;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import forecast.domain.serving.PredictionRequest;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns one predict request ({@code {"data": [[timestamp, value, feature...], ...],
 * "forecast_horizon": 10, "confidence_level": 0.95, "model_version": "v1.2", "future_features":
 * [[...], ...], "series_id": "meter-7", "unit_id": "user-42"}}) into a {@link PredictionRequest}, or
 * a problem naming every field at fault. {@code series_id} and {@code unit_id} say which A/B test
 * takes the request and, for a sticky one, which arm; with {@code series_id} and no {@code data}
 * the stored series is forecast. {@code model} names the model (default: {@code default}).
 * Unknown members are refused, naming each.
 */
final class PredictInput {
    private static final double DEFAULT_LEVEL = 0.95;

    /** A request ready to run, and the confidence level it asked for (a fraction). */
    record Valid(PredictionRequest request, Level level, double confidence) {}

    /** The members a predict request may have. */
    static final Set<String> FIELDS = Set.of("data", "forecast_horizon", "confidence_level", "model", "model_version", "future_features", "series_id",
            "unit_id");

    private final WebSettings settings;

    PredictInput(WebSettings settings) {
        this.settings = settings;
    }

    /** @throws ProblemException 400 or 413 naming the fields at fault */
    Valid read(RequestBody body) {
        if (body.notAnObject() != null)
            throw new ProblemException(Problem.invalid("body", "must be a JSON object with data and forecast_horizon, got " + body.notAnObject()));
        JsonObject o = body.members();
        var errors = new ArrayList<Violation>();
        int horizon = horizon(o.get("forecast_horizon"), errors);
        double confidence = confidence(o.get("confidence_level"), errors);
        String model = RequestFields.model(o.get("model"), "model", errors);
        String version = version(o.get("model_version"), errors);
        String seriesId = RequestFields.id(o.get("series_id"), "series_id", errors);
        String unitId = RequestFields.id(o.get("unit_id"), "unit_id", errors);
        RequestFields.unknown(body.fieldNames(), FIELDS, "", errors);
        if (!body.has(RequestBody.DATA) && seriesId != null && !errors.stream().anyMatch(v -> v.field().equals("series_id"))) {
            // no history sent: the stored series' ("the next 14 days of shop 7")
            if (body.has(RequestBody.FUTURE_FEATURES))
                errors.add(new Violation("future_features", "go with data: a forecast of a stored series takes no future feature values"));
            if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
            var level = Level.ofFraction(confidence);
            var stored = new PredictionRequest.Stored(new Horizon(horizon), List.of(level));
            return new Valid(new PredictionRequest(model, null, version, seriesId, unitId, stored), level, confidence);
        }
        var rows = DataRows.read(body.data(), settings.maxHistory(), errors);
        List<double[]> future = rows == null ? List.of() : DataRows.future(body.futureFeatures(), rows.featureCount(), horizon, errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));

        TimeSeries series;
        try {
            series = rows.series();
        } catch (InvalidInputException e) {
            throw new ProblemException(Problem.invalid(e.violations()));
        } catch (ArithmeticException | DateTimeException e) {
            // a guard at the edges of java.time: steps so long that the grid leaves Instant's range
            throw new ProblemException(Problem.invalid("data", "timestamps span too long a time to handle: " + e.getMessage()));
        }
        var level = Level.ofFraction(confidence);
        var query = new ForecastQuery(series, new Horizon(horizon), List.of(level), future);
        return new Valid(new PredictionRequest(model, query, version, seriesId, unitId), level, confidence);
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

    /** The number as a double; NaN when JSON-P refuses to convert it (absurdly long digits). */
    static double number(JsonNumber n) {
        try {
            return n.doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

}
