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
 * The monitoring loop against a running server with its bootstrap model (XGBoost on
 * time_series_train.csv, series "default"): the first week of time_series_test.csv arrives as
 * actuals as it is (no drift expected), the second week with every value multiplied by SHIFT (a
 * level shift). Prints the drift report, the alerts, and the retraining run the alert starts,
 * step by step; when the run starts a canary, sends one prediction per hour of the second week
 * (units u0..), their actuals, and waits for the canary's decision.
 *   java bench/RetrainDemo.java URL TEST_CSV [SHIFT]      (FORECAST_ADMIN_KEY in the environment)
 */
public class RetrainDemo {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static String url;
    static String key;

    public static void main(String[] args) throws Exception {
        url = args[0];
        key = System.getenv("FORECAST_ADMIN_KEY");
        var lines = Files.readAllLines(Path.of(args[1]));
        List<String> test = lines.subList(1, lines.size());
        double shift = args.length > 2 ? Double.parseDouble(args[2]) : 1.4;

        long t0 = System.nanoTime();
        System.out.println("week 1 as it is: " + post("/actuals", "{\"series_id\": \"default\", \"data\": " + rows(test, 0, 168, 1) + "}"));
        System.out.printf(Locale.ROOT, "  %.0f ms; drift: %s%n", ms(t0), detectors());
        t0 = System.nanoTime();
        System.out.println("week 2 x " + shift + ": " + post("/actuals", "{\"series_id\": \"default\", \"data\": " + rows(test, 168, 336, shift) + "}"));
        System.out.printf(Locale.ROOT, "  %.0f ms; drift: %s%n", ms(t0), detectors());
        System.out.println("open alerts: " + get("/alerts?state=open"));

        String run = find(get("/pipeline/runs?limit=1"), "\"id\":\"([^\"]+)\"");
        long started = System.nanoTime();
        String state;
        do {
            Thread.sleep(500);
            state = get("/pipeline/runs/" + run);
        } while (state.contains("\"state\":\"running\"") && !state.contains("\"outcome\":\"canary_started\""));
        System.out.printf(Locale.ROOT, "run %s after %.1f s: %s%n", run, (System.nanoTime() - started) / 1e9, outcome(state));
        steps(state);
        if (!state.contains("\"outcome\":\"canary_started\"")) return;

        // live traffic on the shifted week decides the canary
        var arms = new int[2];
        String candidate = find(state, "\"candidate_version\":\"([^\"]+)\"");
        for (int u = 0; u < 144; u++) {
            String history = rowsWithTrain(lines, 168 + u, shift);
            String answer = post("/predict", "{\"data\": " + history + ", \"forecast_horizon\": 24, \"series_id\": \"default\", \"unit_id\": \"u" + u + "\"}");
            arms[answer.contains("\"model_version\":\"" + candidate + "\"") ? 1 : 0]++;
        }
        System.out.println("144 predictions: live " + arms[0] + ", candidate " + arms[1]);
        System.out.println("their actuals: " + post("/actuals", "{\"series_id\": \"default\", \"data\": " + rows(test, 168, 336, shift) + "}"));
        do {
            Thread.sleep(500);
            state = get("/pipeline/runs/" + run);
        } while (state.contains("\"state\":\"running\""));
        System.out.printf(Locale.ROOT, "run %s after %.1f s: %s%n", run, (System.nanoTime() - started) / 1e9, outcome(state));
        steps(state);
        System.out.println("live: " + find(get("/models/deployments"), "\"live\":\"([^\"]+)\""));
    }

    static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    static String outcome(String run) {
        return find(run, "\"state\":\"([a-z]+)\"") + " / " + find(run, "\"outcome\":\"?([a-z_]+|null)") + " / " + find(run, "\"detail\":(\"[^\"]*\"|null)");
    }

    static void steps(String run) {
        var m = Pattern.compile("\\{\"position\":(\\d+),\"name\":\"([a-z]+)\",\"state\":\"([a-z]+)\".*?\"duration_ms\":([0-9.]+|null),\"detail\":(\"[^\"]*\"|null)\\}").matcher(run);
        while (m.find()) System.out.printf(Locale.ROOT, "  %s %-9s %-9s %8s ms  %s%n", m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
        var c = Pattern.compile("\\{\"role\":\"([a-z_]+)\",\"version\":(\"[^\"]*\"|null),\"algorithm\":\"([a-z_]+)\",\"mape\":([0-9.eE+-]+|null),\"smape\":[^,]+,\"mase\":([0-9.eE+-]+|null)").matcher(run);
        while (c.find()) System.out.printf(Locale.ROOT, "  backtest %-14s %-22s MAPE %s MASE %s%n", c.group(1), c.group(2) + " " + c.group(3), c.group(4), c.group(5));
    }

    static String detectors() throws Exception {
        var out = new ArrayList<String>();
        var m = Pattern.compile("\"detector\":\"([a-z_]+)\",\"kind\":\"input\"[^}]*?\"state\":\"([a-z_]+)\",\"statistic\":([0-9.eE+-]+|null)").matcher(get("/drift"));
        while (m.find()) out.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        return out.toString();
    }

    /** Test rows [from, to) as [timestamp, value x factor, temperature, promotion]. */
    static String rows(List<String> test, int from, int to, double factor) {
        var out = new StringBuilder("[");
        for (String line : test.subList(from, to)) {
            String[] c = line.split(",", -1);
            if (c[1].isEmpty()) continue;
            out.append(out.length() > 1 ? "," : "").append("[\"").append(c[0]).append("\",")
                    .append(String.format(Locale.ROOT, "%.3f", Double.parseDouble(c[1]) * factor)).append(',').append(c[2]).append(',').append(c[3]).append(']');
        }
        return out.append(']').toString();
    }

    /** The two weeks of history before test row {@code end}: training rows, then test rows (from row 168 on, shifted). */
    static String rowsWithTrain(List<String> lines, int end, double shift) throws Exception {
        var train = Files.readAllLines(Path.of(System.getProperty("train", "test_data/time_series_train.csv")));
        var all = new ArrayList<String>(train.subList(1, train.size()));
        var test = lines.subList(1, lines.size());
        for (int i = 0; i < test.size(); i++) {
            String[] c = test.get(i).split(",", -1);
            if (i >= 168 && !c[1].isEmpty()) c[1] = String.format(Locale.ROOT, "%.3f", Double.parseDouble(c[1]) * shift);
            all.add(String.join(",", c));
        }
        int stop = train.size() - 1 + end;
        var out = new StringBuilder("[");
        for (String line : all.subList(stop - 336, stop)) {
            String[] c = line.split(",", -1);
            out.append(out.length() > 1 ? "," : "").append("[\"").append(c[0]).append("\",").append(c[1].isEmpty() ? "null" : c[1]).append(',').append(c[2]).append(',').append(c[3]).append(']');
        }
        return out.append(']').toString();
    }

    static String find(String text, String regex) {
        var m = Pattern.compile(regex).matcher(text);
        if (!m.find()) throw new IllegalStateException("no " + regex + " in " + text);
        return m.group(1);
    }

    static String post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    static String send(HttpRequest.Builder b) throws Exception {
        if (key != null) b.header("Authorization", "Bearer " + key);
        var r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) throw new IllegalStateException(r.statusCode() + " " + r.body());
        return r.body();
    }
}
