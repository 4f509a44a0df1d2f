package forecast.adapters.web;

import forecast.domain.naming.NameRule;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import forecast.domain.training.TuningRequest;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.DistributionJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Members that the training and tuning requests share, each read into a domain value or a
 * {@link Violation} naming it; absent and JSON {@code null} members read as their default.
 */
final class RequestFields {
    /** The longest tuning a request may ask for: a day. */
    private static final double MAX_TIMEOUT_S = 86_400;

    private RequestFields() {}

    /**
     * Refuses the members of {@code o} that are not in {@code accepted}: a 400 naming each, and
     * listing what the request accepts (a typo is never silently ignored).
     */
    static void refuseUnknown(JsonObject o, Set<String> accepted) {
        var errors = new ArrayList<Violation>();
        unknown(o.keySet(), accepted, "", errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
    }

    /** Adds a violation for each of {@code names} not in {@code accepted}, named below {@code prefix} ({@code tune.} for a nested object). */
    static void unknown(Collection<String> names, Set<String> accepted, String prefix, List<Violation> errors) {
        for (String name : names) {
            if (accepted.contains(name)) continue;
            errors.add(new Violation(prefix + name, "is not a field of this request; accepted: " + String.join(", ", new TreeSet<>(accepted))));
        }
    }

    static boolean absent(JsonValue v) {
        return v == null || v.getValueType() == JsonValue.ValueType.NULL;
    }

    /** An optional string. */
    static String string(JsonValue v, String field, List<Violation> errors) {
        if (absent(v)) return null;
        if (v instanceof JsonString s) return s.getString();
        errors.add(new Violation(field, "must be a string, got " + Json.describe(v)));
        return null;
    }

    /** One of {@code known}, or null when absent. */
    static String choice(JsonValue v, String field, Collection<String> known, List<Violation> errors) {
        String text = string(v, field, errors);
        if (text == null || known.contains(text)) return text;
        errors.add(new Violation(field, "must be one of " + new TreeSet<>(known) + ", got " + Json.describe(v)));
        return null;
    }

    /** An optional name that follows {@code rule} (a label: {@link NameRule#SHORT}; a study: {@link NameRule#NAME}); null when absent or wrong. */
    static String name(JsonValue v, String field, NameRule rule, List<Violation> errors) {
        String name = string(v, field, errors);
        if (name == null) return null;
        String problem = rule.problem(name);
        if (problem == null) return name;
        errors.add(new Violation(field, problem));
        return null;
    }

    /** An optional id shaped like a series id ({@link NameRule#NAME}): a unit, a prediction, an experiment's scope. */
    static String id(JsonValue v, String field, List<Violation> errors) {
        return name(v, field, NameRule.NAME, errors);
    }

    /** An optional model name ({@code shop-sales}); null when absent. */
    static String model(JsonValue v, String field, List<Violation> errors) {
        String name = string(v, field, errors);
        if (name == null) return null;
        String problem = forecast.domain.registry.ModelNames.problem(name);
        if (problem == null) return name;
        errors.add(new Violation(field, problem));
        return null;
    }

    static SeriesId seriesId(JsonObject o, List<Violation> errors) {
        String id = string(o.get("series_id"), "series_id", errors);
        if (id == null) return SeriesId.DEFAULT;
        try {
            return new SeriesId(id);
        } catch (IllegalArgumentException e) {
            errors.add(new Violation("series_id", NameRule.NAME.problem(id)));
            return SeriesId.DEFAULT;
        }
    }

    /** Fixed settings, as the text a {@link forecast.domain.forecasting.Hyperparameters} holds. */
    static TreeMap<String, String> hyperparameters(JsonValue v, List<Violation> errors) {
        var out = new TreeMap<String, String>();
        if (absent(v)) return out;
        if (!(v instanceof JsonObject o)) {
            errors.add(new Violation("hyperparameters", "must be an object of settings, got " + Json.describe(v)));
            return out;
        }
        o.forEach((k, value) -> {
            switch (value.getValueType()) {
                case STRING -> out.put(k, ((JsonString) value).getString());
                case NUMBER -> out.put(k, ((JsonNumber) value).toString());
                case TRUE -> out.put(k, "true");
                case FALSE -> out.put(k, "false");
                default -> errors.add(new Violation("hyperparameters." + k, "must be a string, number or boolean, got " + Json.describe(value)));
            }
        });
        return out;
    }

    /** A whole number from 1 to 100000. */
    static Integer integer(JsonValue v, String field, List<Violation> errors) {
        return integer(v, field, 1, 100_000, errors);
    }

    static Integer integer(JsonValue v, String field, int min, int max, List<Violation> errors) {
        if (absent(v)) return null;
        if (v instanceof JsonNumber n && whole(n) && PredictInput.number(n) >= min && PredictInput.number(n) <= max) return n.intValue();
        errors.add(new Violation(field, "must be a whole number from " + min + " to " + max + ", got " + Json.describe(v)));
        return null;
    }

    /** Whether a JSON number is whole: {@code 3}, and {@code 3.0} from clients whose numbers are all floats. */
    static boolean whole(JsonNumber n) {
        return n.isIntegral() || n.bigDecimalValue().stripTrailingZeros().scale() <= 0;
    }

    /** A seed: a whole number from 0 to 2^63 - 1. */
    static Long seed(JsonValue v, String field, List<Violation> errors) {
        if (absent(v)) return null;
        if (v instanceof JsonNumber n && whole(n) && PredictInput.number(n) >= 0) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                // beyond a long: refused below
            }
        }
        errors.add(new Violation(field, "must be a whole number from 0 to " + Long.MAX_VALUE + ", got " + Json.describe(v)));
        return null;
    }

    /** Seconds, more than 0 and at most a day, as a duration to the millisecond. */
    static Duration seconds(JsonValue v, String field, List<Violation> errors) {
        if (absent(v)) return null;
        if (v instanceof JsonNumber n) {
            double s = PredictInput.number(n);
            if (s >= 0.001 && s <= MAX_TIMEOUT_S) return Duration.ofMillis(Math.round(s * 1000));
        }
        errors.add(new Violation(field, "must be a number of seconds from 0.001 to " + (long) MAX_TIMEOUT_S + ", got " + Json.describe(v)));
        return null;
    }

    static boolean bool(JsonValue v, String field, List<Violation> errors) {
        if (absent(v)) return false;
        if (v.getValueType() == JsonValue.ValueType.TRUE) return true;
        if (v.getValueType() == JsonValue.ValueType.FALSE) return false;
        errors.add(new Violation(field, "must be true or false, got " + Json.describe(v)));
        return false;
    }

    static Imputation imputation(JsonObject o, List<Violation> errors) {
        String name = string(o.get("imputation"), "imputation", errors);
        if (name == null) return Imputation.LINEAR;
        try {
            return Imputation.parse(name);
        } catch (IllegalArgumentException e) {
            errors.add(new Violation("imputation", "must be linear, forward_fill or seasonal"));
            return Imputation.LINEAR;
        }
    }

    static Frequency frequency(JsonObject o, List<Violation> errors) {
        String text = string(o.get("frequency"), "frequency", errors);
        if (text == null) return null;
        try {
            return Frequency.parse(text.trim());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            errors.add(new Violation("frequency", "must be an ISO-8601 period such as PT1H, PT30M, P1D, P1M, P3M or P1Y"));
            return null;
        }
    }

    /** The {@code data} rows as a series at {@code frequency} (null: inferred), or null when absent or wrong. */
    static TimeSeries series(RequestBody body, Frequency frequency, int maxHistory, List<Violation> errors) {
        CellRows data = body.data();
        if (!body.has(RequestBody.DATA)) return null;
        var rows = DataRows.read(data, maxHistory, errors);
        if (rows == null || !errors.isEmpty()) return null;
        try {
            var series = rows.series();
            return frequency == null ? series : series.withFrequency(frequency);
        } catch (InvalidInputException e) {
            errors.addAll(e.violations());
            return null;
        }
    }

    /** A backtest metric to minimize: mase (the default), mape, smape or rmse. */
    static String metric(JsonValue v, String field, List<Violation> errors) {
        String metric = string(v, field, errors);
        if (metric != null && !TuningRequest.METRICS.contains(metric)) {
            errors.add(new Violation(field, "must be one of mase, mape, smape or rmse, got " + Json.describe(v)));
            return null;
        }
        return metric;
    }

    /**
     * A search space, {@code {"x": {"type": "float", "low": -5, "high": 10}, ...}}, in the order
     * the object lists its entries (the order parameters are sampled in); each entry's problems
     * are named below {@code field} ({@code search_space.x.low}).
     */
    static Map<String, Distribution> searchSpace(JsonValue v, String field, List<Violation> errors) {
        var space = new LinkedHashMap<String, Distribution>();
        if (absent(v)) return space;
        if (!(v instanceof JsonObject o)) {
            errors.add(new Violation(field, "must be an object of parameter ranges such as {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}}, got "
                    + Json.describe(v)));
            return space;
        }
        for (var e : o.entrySet()) {
            String at = field + "." + e.getKey();
            if (e.getKey().isBlank()) {
                errors.add(new Violation(field, "has a parameter with a blank name"));
            } else if (!(e.getValue() instanceof JsonObject entry)) {
                errors.add(new Violation(at, "must be an object with a type (float, int or categorical), got " + Json.describe(e.getValue())));
            } else {
                try {
                    @SuppressWarnings("unchecked") var map = (Map<String, Object>) plain(entry);
                    space.put(e.getKey(), DistributionJson.fromMap(at, map));
                } catch (InvalidInputException bad) {
                    errors.addAll(bad.violations());
                }
            }
        }
        return space;
    }

    /**
     * A JSON value as plain Java: text, {@code Long} for whole numbers that fit one and
     * {@code Double} for the others, {@code Boolean}, null, and lists and (ordered) maps of these.
     */
    static Object plain(JsonValue v) {
        return switch (v.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> number((JsonNumber) v);
            case ARRAY -> {
                var list = new ArrayList<>();
                for (var item : (JsonArray) v) list.add(plain(item));
                yield list;
            }
            case OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                ((JsonObject) v).forEach((k, item) -> map.put(k, plain(item)));
                yield map;
            }
        };
    }

    private static Object number(JsonNumber n) {
        if (n.isIntegral()) {
            BigDecimal d = n.bigDecimalValue();
            if (d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) return d.longValue();
        }
        return PredictInput.number(n);
    }
}
