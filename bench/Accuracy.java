import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The accuracy of the served model on test_data/time_series_test.csv, measured through the HTTP
 * API as a client sees it: (1) one forecast of all test hours from the end of the training data;
 * (2) rolling day-ahead forecasts, one from each test midnight, with the actuals known so far;
 * (3) the same day-ahead forecasts given the known future values of both features
 * ({@code future_features}, as a user with a weather forecast and a promotion plan would);
 * each beside the seasonal-naive (one week) forecast of the same hours.
 * Usage: java bench/Accuracy.java http://localhost:8080 [MODEL_VERSION ...]   (default: the live version)
 */
public class Accuracy {
    record Row(String time, double value, double temperature, double promotion) {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        List<String> models = args.length > 1 ? List.of(args).subList(1, args.length) : java.util.Collections.singletonList(null);
        Path home = Path.of(System.getProperty("forecast.home", "."));
        List<Row> train = read(home.resolve("test_data/time_series_train.csv"));
        List<Row> test = read(home.resolve("test_data/time_series_test.csv"));
        var client = HttpClient.newHttpClient();
        List<Row> all = new ArrayList<>(train);
        all.addAll(test);
        double scale = maseScale(train, 24);

        System.out.println("accuracy on test_data/time_series_test.csv (" + test.size() + " hours), served through POST /predict");
        System.out.printf(Locale.ROOT, "%-16s %-34s %8s %8s %8s %9s %9s%n", "model", "forecast", "MAPE%", "sMAPE%", "MASE", "cover80", "cover95");
        for (String model : models) {
            String name = model == null ? "live" : model;
            // (1) one forecast of the whole test period from the end of the training data
            print(name, "whole test period, one request", test, forecast(client, base, model, train.subList(train.size() - 168, train.size()), List.of(), test.size()), scale);
            // (2) day-ahead from each test midnight, with everything known then (last 168 h); (3) also given the future features
            var actual = new ArrayList<Row>();
            var rolling = Result.empty();
            var withFeatures = Result.empty();
            for (int origin = 0; origin + 24 <= test.size(); origin += 24) {
                int end = train.size() + origin;
                rolling.append(forecast(client, base, model, all.subList(end - 168, end), List.of(), 24));
                withFeatures.append(forecast(client, base, model, all.subList(end - 168, end), test.subList(origin, origin + 24), 24));
                actual.addAll(test.subList(origin, origin + 24));
            }
            print(name, "day-ahead from each test midnight", actual, rolling, scale);
            print(name, "day-ahead with future features", actual, withFeatures, scale);
        }
        var rollingNaive = new ArrayList<Double>();
        for (int origin = 0; origin + 24 <= test.size(); origin += 24) rollingNaive.addAll(naive(all.subList(0, train.size() + origin), 24).mean());
        print("seasonal naive", "whole test period (168 h ago)", test, naive(train, test.size()), scale);
        print("seasonal naive", "day-ahead (168 h ago)", test.subList(0, rollingNaive.size()), new Result(rollingNaive, null, null, null, null), scale);
    }

    record Result(List<Double> mean, List<Double> lo80, List<Double> hi80, List<Double> lo95, List<Double> hi95) {
        static Result empty() {
            return new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void append(Result r) {
            mean.addAll(r.mean);
            lo80.addAll(r.lo80);
            hi80.addAll(r.hi80);
            lo95.addAll(r.lo95);
            hi95.addAll(r.hi95);
        }
    }

    static Result naive(List<Row> history, int h) {
        var mean = new ArrayList<Double>();
        for (int i = 0; i < h; i++) mean.add(history.get(history.size() - 168 + (i % 168)).value());
        return new Result(mean, null, null, null, null);
    }

    static Result forecast(HttpClient client, String base, String model, List<Row> history, List<Row> future, int h) throws Exception {
        var r80 = post(client, base, model, history, future, h, 0.8);
        var r95 = post(client, base, model, history, future, h, 0.95);
        return new Result(numbers(r95, "predictions"), bound(r80, 0), bound(r80, 1), bound(r95, 0), bound(r95, 1));
    }

    static String post(HttpClient client, String base, String model, List<Row> history, List<Row> future, int h, double level) throws Exception {
        var data = new StringBuilder("[");
        for (var r : history) {
            if (data.length() > 1) data.append(',');
            data.append("[\"").append(r.time()).append("\",").append(Double.isNaN(r.value()) ? "null" : r.value())
                    .append(',').append(r.temperature()).append(',').append(r.promotion()).append(']');
        }
        var features = new StringBuilder();
        for (var r : future) features.append(features.length() == 0 ? "" : ",").append('[').append(r.temperature()).append(',').append(r.promotion()).append(']');
        String body = "{\"data\":" + data.append(']') + ",\"forecast_horizon\":" + h + ",\"confidence_level\":" + level
                + (future.isEmpty() ? "" : ",\"future_features\":[" + features + "]")
                + (model == null ? "" : ",\"model_version\":\"" + model + "\"") + "}";
        var request = HttpRequest.newBuilder(URI.create(base + "/predict")).header("Content-Type", "application/json");
        String key = System.getenv("FORECAST_ADMIN_KEY"); // sent when set: /predict may be configured to need it
        if (key != null && !key.isBlank()) request.header("Authorization", "Bearer " + key);
        var response = client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException(response.statusCode() + " " + response.body());
        return response.body();
    }

    static List<Double> numbers(String json, String key) {
        int start = json.indexOf('[', json.indexOf("\"" + key + "\""));
        int end = json.indexOf(']', start);
        var out = new ArrayList<Double>();
        for (String s : json.substring(start + 1, end).split(",")) out.add(Double.parseDouble(s.trim()));
        return out;
    }

    static List<Double> bound(String json, int which) {
        int start = json.indexOf('[', json.indexOf("\"confidence_intervals\""));
        var m = Pattern.compile("\\[\\s*([-0-9.eE]+)\\s*,\\s*([-0-9.eE]+)\\s*\\]").matcher(json.substring(start));
        var out = new ArrayList<Double>();
        while (m.find()) out.add(Double.parseDouble(m.group(which + 1)));
        return out;
    }

    static void print(String model, String name, List<Row> actual, Result f, double scale) {
        double ape = 0, sape = 0, ae = 0;
        int in80 = 0, in95 = 0;
        for (int i = 0; i < actual.size(); i++) {
            double a = actual.get(i).value(), p = f.mean().get(i);
            ape += Math.abs(a - p) / Math.abs(a);
            sape += 2 * Math.abs(a - p) / (Math.abs(a) + Math.abs(p));
            ae += Math.abs(a - p);
            if (f.lo80() != null) {
                if (a >= f.lo80().get(i) && a <= f.hi80().get(i)) in80++;
                if (a >= f.lo95().get(i) && a <= f.hi95().get(i)) in95++;
            }
        }
        int n = actual.size();
        System.out.printf(Locale.ROOT, "%-16s %-34s %8.2f %8.2f %8.3f %9s %9s%n", model, name, 100 * ape / n, 100 * sape / n, ae / n / scale,
                f.lo80() == null ? "-" : String.format(Locale.ROOT, "%.3f", (double) in80 / n),
                f.lo95() == null ? "-" : String.format(Locale.ROOT, "%.3f", (double) in95 / n));
    }

    static double maseScale(List<Row> train, int m) {
        double sum = 0;
        int n = 0;
        for (int t = m; t < train.size(); t++) {
            double a = train.get(t).value(), b = train.get(t - m).value();
            if (Double.isNaN(a) || Double.isNaN(b)) continue;
            sum += Math.abs(a - b);
            n++;
        }
        return sum / n;
    }

    static List<Row> read(Path file) throws Exception {
        var rows = new ArrayList<Row>();
        var lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            rows.add(new Row(c[0], c[1].isEmpty() ? Double.NaN : Double.parseDouble(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3])));
        }
        return rows;
    }
}
