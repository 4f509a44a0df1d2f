import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An A/B test against a running server, the way a client would run one: a deliberately weak
 * champion (seasonal naive with a half-day period, the opposite phase of the daily cycle, deployed
 * first) against the bootstrap XGBoost model at 70/30, UNITS predictions from units with ids (each one day-ahead hour
 * of the training file's last 200), the realised values through POST /actuals, then the report and
 * the promotion. Prints what it does and how long the predictions took.
 *   java bench/AbDemo.java URL TRAIN_CSV [UNITS]      (FORECAST_ADMIN_KEY in the environment)
 */
public class AbDemo {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static String url;
    static String key;

    public static void main(String[] args) throws Exception {
        url = args[0];
        key = System.getenv("FORECAST_ADMIN_KEY");
        List<String> train = Files.readAllLines(Path.of(args[1])).subList(1, Files.readAllLines(Path.of(args[1])).size());
        int units = args.length > 2 ? Integer.parseInt(args[2]) : 2000;

        String trained = post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"name\": \"half-day\", \"wait\": true, \"hyperparameters\": {\"period\": 12},"
                + " \"data\": " + rows(train, train.size() - 1200, train.size(), true) + "}");
        System.out.println("trained: " + find(trained, "\"model_version\":\"([^\"]+)\""));
        System.out.println("deploy the weak one as the champion: " + post("/models/deploy", "{\"model_version\": \"half-day\", \"reason\": \"demo champion\", \"actor\": \"bench\"}"));
        System.out.println("start: " + post("/ab-test/start", "{\"name\": \"demo\", \"models\": [\"half-day\", \"v1.2\"], \"traffic_split\": [0.7, 0.3],"
                + " \"duration_hours\": 0.001, \"min_samples\": 200, \"actor\": \"bench\"}"));
        long t0 = System.nanoTime();
        int[] perArm = new int[2];
        for (int u = 0; u < units; u++) {
            int end = train.size() - 1 - (u % 200);
            String answer = post("/predict", "{\"data\": " + rows(train, end - 168, end, true) + ", \"forecast_horizon\": 1, \"series_id\": \"meter\", \"unit_id\": \"u" + u + "\"}");
            perArm[Integer.parseInt(find(answer, "\"arm\":(\\d+)"))]++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d predictions in %.1f s (%.0f/s, one client); arm 0: %d, arm 1: %d%n", units, seconds, units / seconds, perArm[0], perArm[1]);
        System.out.println("actuals: " + post("/actuals", "{\"series_id\": \"meter\", \"data\": " + rows(train, train.size() - 200, train.size(), false) + "}"));
        Thread.sleep(4_000); // let the 0.001 h duration pass
        System.out.println("report: " + get("/ab-test/demo"));
        System.out.println("promote: " + post("/ab-test/demo/promote", "{\"actor\": \"bench\"}"));
    }

    static String rows(List<String> train, int from, int to, boolean features) {
        var out = new StringBuilder("[");
        for (String line : train.subList(from, to)) {
            String[] c = line.split(",", -1);
            if (!features && c[1].isEmpty()) continue;
            out.append(out.length() > 1 ? "," : "").append("[\"").append(c[0]).append("\",").append(c[1].isEmpty() ? "null" : c[1]);
            if (features) out.append(',').append(c[2]).append(',').append(c[3]);
            out.append(']');
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
