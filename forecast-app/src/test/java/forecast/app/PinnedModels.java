package forecast.app;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The models and requests of {@link PinnedResponsesTest}: how the stored artifacts were trained,
 * and the requests whose answers are pinned, built from {@code test_data}.
 */
final class PinnedModels {
    /** A request to one of the predict routes. */
    record Request(String path, String body) {}

    private PinnedModels() {}

    static boolean recording() {
        return Boolean.getBoolean("pinned.record");
    }

    private static Path home() {
        return Path.of("").toAbsolutePath().getParent();
    }

    /** The training series: hourly, with temperature and promotion. */
    private static TimeSeries training() throws IOException {
        return SeriesCsv.read(home().resolve("test_data/time_series_train.csv")).withFrequency(Frequency.HOURLY);
    }

    /**
     * Trains the three models (XGBoost first: it is the live one) and writes their artifacts into
     * {@code dir/models.json}.
     */
    static void train(Path dir) throws IOException {
        var registry = new InMemoryModelRegistry();
        var training = new TrainingService(Application.forecasters(), registry, Telemetry.NONE);
        var hourly = training();
        var models = new ArrayList<String>();
        models.add(train(training, registry, new TrainingRequest(new SeriesId("default"), hourly.tail(1500), "xgboost",
                new Hyperparameters(Map.of("rounds", "30", "max_depth", "4")), Imputation.LINEAR, "v1.2")));
        models.add(train(training, registry, new TrainingRequest(new SeriesId("values"), hourly.withoutFeatures().tail(600), "arima",
                new Hyperparameters(Map.of("max_p", "2", "max_q", "2")), Imputation.LINEAR, "pinned-arima")));
        models.add(train(training, registry, new TrainingRequest(new SeriesId("daily"), daily(hourly), "seasonal_naive",
                new Hyperparameters(Map.of()), Imputation.LINEAR, "pinned-daily")));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("models.json"), "{\"models\": [\n" + String.join(",\n", models) + "\n]}\n");
    }

    private static String train(TrainingService training, InMemoryModelRegistry registry, TrainingRequest request) {
        if (!(training.train(request) instanceof TrainingResult.Trained t)) throw new IllegalStateException("training failed: " + request);
        byte[] artifact = registry.artifact(t.version().id()).orElseThrow().verified();
        return "{\"label\": \"" + t.version().label() + "\", \"algorithm\": \"" + t.version().algorithm() + "\", \"frequency\": \""
                + t.model().context().frequency() + "\",\n \"artifact\": \"" + Base64.getEncoder().encodeToString(artifact) + "\"}";
    }

    /** Daily means of the hourly values. */
    private static TimeSeries daily(TimeSeries hourly) {
        var times = new ArrayList<Instant>();
        var values = new ArrayList<Double>();
        for (int i = 0; i + 24 <= hourly.size(); i += 24) {
            double sum = 0;
            int n = 0;
            for (int j = i; j < i + 24; j++) {
                if (!Double.isNaN(hourly.value(j))) {
                    sum += hourly.value(j);
                    n++;
                }
            }
            times.add(hourly.time(i));
            values.add(sum / n);
        }
        return TimeSeries.of(times, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static void writeResponses(Path dir, Map<String, String> answers) throws IOException {
        var out = new StringBuilder("{\n");
        answers.forEach((name, answer) -> out.append(out.length() > 2 ? ",\n" : "").append('"').append(name).append("\": ").append(answer));
        Files.writeString(dir.resolve("responses.json"), out.append("\n}\n"));
    }

    /** How a row's timestamp is written. */
    private enum Time { ISO, EPOCH_SECONDS, EPOCH_MILLIS, EPOCH_DECIMAL, OFFSET, DATE }

    /** The last {@code n} training rows as a {@code data} array. */
    private static String rows(List<String[]> csv, int n, Time time, boolean features, Set<Integer> nullValues, Set<Integer> dropped,
                               Set<Integer> nullFeatures) {
        var out = new StringBuilder("[");
        var rows = csv.subList(csv.size() - n, csv.size());
        for (int i = 0; i < rows.size(); i++) {
            if (dropped.contains(i)) continue;
            String[] c = rows.get(i);
            if (out.length() > 1) out.append(',');
            out.append('[').append(time(Instant.parse(c[0]), time, i)).append(',')
                    .append(nullValues.contains(i) || c[1].isEmpty() ? "null" : c[1]);
            if (features) {
                if (nullFeatures.contains(i)) out.append(",null,null");
                else out.append(',').append(c[2]).append(',').append(c[3]);
            }
            out.append(']');
        }
        return out.append(']').toString();
    }

    private static String time(Instant t, Time how, int i) {
        return switch (how) {
            case ISO -> "\"" + t + "\"";
            case EPOCH_SECONDS -> Long.toString(t.getEpochSecond());
            case EPOCH_MILLIS -> Long.toString(t.toEpochMilli());
            // whole seconds written as decimals and in exponent form, as float-only clients send them
            case EPOCH_DECIMAL -> i % 2 == 0 ? t.getEpochSecond() + ".0" : String.format(Locale.ROOT, "%.9E", (double) t.getEpochSecond());
            case OFFSET -> "\"" + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").format(t.atOffset(ZoneOffset.ofHours(2))) + "\"";
            case DATE -> "\"" + t.atOffset(ZoneOffset.UTC).toLocalDate() + "\"";
        };
    }

    private static String predict(String data, int horizon, String extra) {
        return "{\"data\": " + data + ", \"forecast_horizon\": " + horizon + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    /** The pinned requests by name. */
    static Map<String, Request> requests() throws IOException {
        var csv = new ArrayList<String[]>();
        var lines = Files.readAllLines(home().resolve("test_data/time_series_train.csv"));
        for (String line : lines.subList(1, lines.size())) csv.add(line.split(",", -1));
        Set<Integer> none = Set.of();
        String h24 = predict(rows(csv, 168, Time.ISO, true, none, none, none), 24, "");
        String arima = predict(rows(csv, 240, Time.ISO, false, none, none, none), 24, "\"model_version\": \"pinned-arima\", \"confidence_level\": 0.9");
        var daily = new ArrayList<String[]>();
        for (int i = csv.size() - 28 * 24; i < csv.size(); i += 24) {
            double sum = 0;
            for (int j = i; j < i + 24; j++) sum += csv.get(j)[1].isEmpty() ? 0 : Double.parseDouble(csv.get(j)[1]);
            daily.add(new String[] {csv.get(i)[0], String.format(Locale.ROOT, "%.3f", sum / 24)});
        }
        String dailyRows = rows(daily, daily.size(), Time.DATE, false, Set.of(5), none, none);

        var r = new LinkedHashMap<String, Request>();
        r.put("xgboost-h24-iso-168-rows", new Request("/predict", h24));
        r.put("xgboost-h100-level-0.8", new Request("/predict", predict(rows(csv, 168, Time.ISO, true, none, none, none), 100, "\"confidence_level\": 0.8")));
        r.put("xgboost-epoch-seconds-null-gaps", new Request("/predict", predict(rows(csv, 48, Time.EPOCH_SECONDS, true, Set.of(5, 6, 20), none, none), 12, "")));
        r.put("xgboost-epoch-millis-future-features", new Request("/predict", predict(rows(csv, 24, Time.EPOCH_MILLIS, true, none, none, none), 6,
                "\"future_features\": [[10.5, 0], [11, 1], [12.25, 1], [13, 0], [12.5, null], [11.75, 0]]")));
        r.put("xgboost-epoch-decimal-and-exponent", new Request("/predict", predict(rows(csv, 36, Time.EPOCH_DECIMAL, true, none, none, none), 6, "")));
        r.put("xgboost-3-rows-continue-context-offsets", new Request("/predict", predict(rows(csv, 3, Time.OFFSET, true, none, none, none), 24, "")));
        r.put("xgboost-missing-steps-by-label", new Request("/predict", predict(rows(csv, 72, Time.ISO, true, none, Set.of(10, 11, 40), none), 5,
                "\"model_version\": \"v1.2\"")));
        r.put("xgboost-unknown-features", new Request("/predict", predict(rows(csv, 48, Time.ISO, true, none, none, Set.of(3, 47)), 8, "")));
        r.put("arima-no-features-level-0.9", new Request("/predict", arima));
        // every value in exponent form (120.57 as 1.205700E+02): the same numbers, written as other clients write them
        String exponents = java.util.regex.Pattern.compile(",(\\d+\\.\\d+)\\]").matcher(rows(csv, 240, Time.ISO, false, none, none, none))
                .replaceAll(m -> "," + String.format(Locale.ROOT, "%.6E", new java.math.BigDecimal(m.group(1)).doubleValue()) + "]");
        r.put("arima-exponent-values", new Request("/predict", predict(exponents, 12, "\"model_version\": \"pinned-arima\"")));
        r.put("seasonal-naive-daily-dates-with-a-gap", new Request("/predict", predict(dailyRows, 7, "\"model_version\": \"pinned-daily\"")));
        r.put("batch-array-with-a-bad-item", new Request("/predict/batch", "[" + predict(rows(csv, 168, Time.ISO, true, none, none, none), 6, "") + ","
                + predict(rows(csv, 5, Time.ISO, true, none, none, none), 0, "") + "," + arima + "]"));
        r.put("batch-object", new Request("/predict/batch", "{\"requests\": [" + h24 + "," + predict(rows(csv, 24, Time.EPOCH_SECONDS, true, none, none, none), 3, "") + "]}"));
        String two = "[[\"2024-04-30T22:00:00Z\", 170.1, 16, 0], [\"2024-04-30T23:00:00Z\", 160.2, 15.5, 0]]";
        r.put("bad-unsorted", new Request("/predict", predict("[[\"2024-04-30T23:00:00Z\", 1, 1, 0], [\"2024-04-30T22:00:00Z\", 2, 1, 0]]", 5, "")));
        r.put("bad-duplicate", new Request("/predict", predict("[[\"2024-04-30T23:00:00Z\", 1, 1, 0], [\"2024-04-30T23:00:00Z\", 2, 1, 0]]", 5, "")));
        r.put("bad-irregular", new Request("/predict", predict("[[\"2024-04-30T20:00:00Z\", 1, 1, 0], [\"2024-04-30T21:00:00Z\", 2, 1, 0], "
                + "[\"2024-04-30T21:30:00Z\", 2, 1, 0], [\"2024-04-30T23:00:00Z\", 2, 1, 0]]", 5, "")));
        r.put("bad-value-strings", new Request("/predict", predict("[[\"2024-04-30T22:00:00Z\", \"NaN\", 1, 0], [\"2024-04-30T23:00:00Z\", \"12\", true, {}]]", 5, "")));
        r.put("bad-timestamps", new Request("/predict", predict("[[\"yesterday\", 1, 1, 0], [null, 2, 1, 0], [1e30, 3, 1, 0], [\"2024-02-30T00:00:00Z\", 4, 1, 0]]", 5, "")));
        r.put("bad-widths", new Request("/predict", predict("[[\"2024-04-30T22:00:00Z\", 1, 1, 0], [\"2024-04-30T23:00:00Z\", 2], 3, [4]]", 5, "")));
        r.put("bad-horizons-and-level", new Request("/predict", "{\"data\": " + two + ", \"forecast_horizon\": 2.5, \"confidence_level\": 95}"));
        r.put("bad-horizon-missing", new Request("/predict", "{\"data\": " + two + "}"));
        r.put("bad-horizon-huge", new Request("/predict", predict(two, 100_000, "")));
        r.put("bad-future-features", new Request("/predict", predict(two, 3, "\"future_features\": [[1, 0], [2]]")));
        r.put("bad-empty-data", new Request("/predict", predict("[]", 3, "")));
        r.put("bad-data-not-rows", new Request("/predict", predict("{\"a\": 1}", 3, "")));
        r.put("bad-not-json", new Request("/predict", "{\"data\": [[\"2024-04-30T22:00:00Z\", 1]], \"forecast_horizon\": 5"));
        r.put("bad-trailing-text", new Request("/predict", predict(two, 3, "") + " {}"));
        r.put("bad-body-array", new Request("/predict", "[1, 2]"));
        r.put("bad-unknown-version", new Request("/predict", predict(two, 3, "\"model_version\": \"v9.9\"")));
        r.put("xgboost-rows-without-feature-columns", new Request("/predict", predict(rows(csv, 48, Time.ISO, false, none, none, none), 3, "")));
        r.put("bad-insufficient-history", new Request("/predict", predict("[[\"2023-01-01T00:00:00Z\", 1], [\"2023-01-01T01:00:00Z\", 2]]", 3,
                "\"model_version\": \"pinned-arima\"")));
        r.put("bad-types-of-members", new Request("/predict", "{\"data\": " + two + ", \"forecast_horizon\": \"ten\", \"model_version\": 3, "
                + "\"series_id\": \"bad id!\", \"unit_id\": 7}"));
        r.put("bad-batch-empty", new Request("/predict/batch", "[]"));
        r.put("bad-batch-shape", new Request("/predict/batch", "{\"requests\": 3}"));
        return r;
    }

}
