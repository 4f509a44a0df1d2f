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
 * Usage: java bench/Accuracy.java http://localhost:8080
 */
public class Accuracy {
    record Row(String time, double value, double temperature, double promotion) {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        Path home = Path.of(System.getProperty("forecast.home", "."));
        List<Row> train = read(home.resolve("test_data/time_series_train.csv"));
        List<Row> test = read(home.resolve("test_data/time_series_test.csv"));
        var client = HttpClient.newHttpClient();

        System.out.println("accuracy of the served model on test_data/time_series_test.csv (" + test.size() + " hours)");
        System.out.printf(Locale.ROOT, "%-34s %8s %8s %8s %9s %9s%n", "forecast", "MAPE%", "sMAPE%", "MASE", "cover80", "cover95");
        List<Row> all = new ArrayList<>(train);
        all.addAll(test);
        double scale = maseScale(train, 24);

        // (1) one forecast of the whole test period from the end of the training data
        var whole = forecast(client, base, train.subList(train.size() - 168, train.size()), test.size());
        print("whole test period, one request", test, whole, scale);
        print("  seasonal naive (168 h)", test, naive(train, test.size()), scale);

        // (2) day-ahead from each test midnight, history = everything known then (last 168 h)
        var actual = new ArrayList<Row>();
        var rolling = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        var rollingNaive = new ArrayList<Double>();
        for (int origin = 0; origin + 24 <= test.size(); origin += 24) {
            int end = train.size() + origin;
            var f = forecast(client, base, all.subList(end - 168, end), 24);
            rolling.append(f);
            actual.addAll(test.subList(origin, origin + 24));
            rollingNaive.addAll(naive(all.subList(0, end), 24).mean());
        }
        print("day-ahead from each test midnight", actual, rolling, scale);
        print("  seasonal naive (168 h)", actual, new Result(rollingNaive, null, null, null, null), scale);

        // (3) day-ahead with the future values of temperature and promotion
        var withFeatures = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int origin = 0; origin + 24 <= test.size(); origin += 24) {
            int end = train.size() + origin;
            withFeatures.append(forecast(client, base, all.subList(end - 168, end), test.subList(origin, origin + 24), 24));
        }
        print("day-ahead with future features", actual, withFeatures, scale);
    }

    record Result(List<Double> mean, List<Double> lo80, List<Double> hi80, List<Double> lo95, List<Double> hi95) {
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

    static Result forecast(HttpClient client, String base, List<Row> history, int h) throws Exception {
        return forecast(client, base, history, List.of(), h);
    }

    static Result forecast(HttpClient client, String base, List<Row> history, List<Row> future, int h) throws Exception {
        var r80 = post(client, base, history, future, h, 0.8);
        var r95 = post(client, base, history, future, h, 0.95);
        return new Result(numbers(r95, "predictions"), bound(r80, 0), bound(r80, 1), bound(r95, 0), bound(r95, 1));
    }

    static String post(HttpClient client, String base, List<Row> history, List<Row> future, int h, double level) throws Exception {
        var data = new StringBuilder("[");
        for (var r : history) {
            if (data.length() > 1) data.append(',');
            data.append("[\"").append(r.time()).append("\",").append(Double.isNaN(r.value()) ? "null" : r.value())
                    .append(',').append(r.temperature()).append(',').append(r.promotion()).append(']');
        }
        var features = new StringBuilder();
        for (var r : future) features.append(features.length() == 0 ? "" : ",").append('[').append(r.temperature()).append(',').append(r.promotion()).append(']');
        String body = "{\"data\":" + data.append(']') + ",\"forecast_horizon\":" + h + ",\"confidence_level\":" + level
                + (future.isEmpty() ? "" : ",\"future_features\":[" + features + "]") + "}";
        var response = client.send(HttpRequest.newBuilder(URI.create(base + "/predict")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
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

    static void print(String name, List<Row> actual, Result f, double scale) {
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
        System.out.printf(Locale.ROOT, "%-34s %8.2f %8.2f %8.3f %9s %9s%n", name, 100 * ape / n, 100 * sape / n, ae / n / scale,
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
