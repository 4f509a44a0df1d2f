import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The admin calls a kill -9 may cut short, and the invariants that must hold after a restart.
 *   java bench/CrashCheck.java churn URL ROUND   admin calls in a loop until the server dies
 *   java bench/CrashCheck.java check URL         exit 1 when an invariant is broken
 * Invariants: the deployment history is numbered 1..n without holes, each event's previous version
 * is the version the event before it made live, the live version is the last event's; at most one
 * unscoped experiment runs; every promoted experiment's version was deployed after it ended.
 */
public class CrashCheck {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static String url;

    public static void main(String[] args) throws Exception {
        url = args[1];
        if (args[0].equals("churn")) churn(args[2]);
        else System.exit(check() ? 0 : 1);
    }

    static void churn(String round) {
        var random = ThreadLocalRandom.current();
        String[] versions = {"v1.2", "naive"};
        for (int i = 0; ; i++) {
            try {
                switch (random.nextInt(5)) {
                    case 0 -> post("/models/deploy", "{\"model_version\": \"" + versions[random.nextInt(2)] + "\", \"reason\": \"churn\", \"actor\": \"crash\"}");
                    case 1 -> post("/models/rollback", "{\"reason\": \"churn\", \"actor\": \"crash\"}");
                    case 2 -> post("/ab-test/start", "{\"name\": \"r" + round + "-" + i + "\", \"models\": [\"v1.2\", \"naive\"], \"traffic_split\": [0.5, 0.5], \"duration_hours\": 1}");
                    case 3 -> {
                        String list = get("/ab-test");
                        var m = Pattern.compile("\"name\":\"(r[0-9]+-[0-9]+)\",\"state\":\"running\"").matcher(list);
                        if (m.find()) post("/ab-test/" + m.group(1) + (random.nextBoolean() ? "/stop" : "/promote"), "{\"arm\": \"naive\", \"actor\": \"crash\"}");
                    }
                    default -> post("/predict", "{\"data\": [[\"2024-04-30T21:00:00Z\", 182.36, 17.8, 0], [\"2024-04-30T22:00:00Z\", 169.70, 16.0, 0],"
                            + " [\"2024-04-30T23:00:00Z\", 155.50, 16.1, 0]], \"forecast_horizon\": 3, \"unit_id\": \"u" + i + "\"}");
                }
            } catch (java.io.IOException e) {
                return; // the server is gone
            } catch (Exception e) {
                // a refused call (409 and the like) is part of the churn
            }
        }
    }

    static boolean check() throws Exception {
        var problems = new ArrayList<String>();
        String history = get("/models/deployments");
        var events = new ArrayList<String[]>();
        var m = Pattern.compile("\\{\"sequence\":(\\d+),\"version\":\"([^\"]+)\",\"action\":\"([a-z]+)\",\"previous_version\":(null|\"[^\"]*\")").matcher(history);
        while (m.find()) events.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4).replace("\"", "")});
        for (int i = 0; i < events.size(); i++) {
            if (Long.parseLong(events.get(i)[0]) != i + 1) problems.add("event " + i + " has sequence " + events.get(i)[0]);
            String before = i == 0 ? "null" : events.get(i - 1)[1];
            if (!events.get(i)[3].equals(before)) problems.add("event " + (i + 1) + " says it replaced " + events.get(i)[3] + ", but " + before + " was live");
        }
        var live = Pattern.compile("\"live\":(null|\"[^\"]*\")\\}$").matcher(history.trim());
        String liveVersion = live.find() ? live.group(1).replace("\"", "") : "?";
        if (!events.isEmpty() && !events.get(events.size() - 1)[1].equals(liveVersion)) problems.add("live is " + liveVersion + ", the last event made " + events.get(events.size() - 1)[1] + " live");
        String list = get("/ab-test");
        int running = 0;
        var e = Pattern.compile("\"state\":\"running\"").matcher(list);
        while (e.find()) running++;
        if (running > 1) problems.add(running + " unscoped experiments running at once");
        var promoted = Pattern.compile("\"name\":\"([^\"]+)\",\"state\":\"promoted\"").matcher(list);
        int promotions = 0;
        while (promoted.find()) {
            promotions++;
            String one = get("/ab-test/" + promoted.group(1));
            var v = Pattern.compile("\"promoted_version\":\"([^\"]+)\"").matcher(one);
            var ended = Pattern.compile("\"ended_at\":\"([^\"]+)\"").matcher(one);
            if (!v.find() || !ended.find()) {
                problems.add(promoted.group(1) + " is promoted without a version or end");
                continue;
            }
            boolean deployed = Pattern.compile("\"version\":\"" + Pattern.quote(v.group(1)) + "\",\"action\":\"deploy\"[^}]*\"at\":\"([^\"]+)\"").matcher(history).results()
                    .anyMatch(r -> r.group(1).compareTo(ended.group(1)) >= 0);
            if (!deployed) problems.add(promoted.group(1) + " promoted " + v.group(1) + " but it was never deployed after " + ended.group(1));
        }
        System.out.println(events.size() + " deployment events, live " + liveVersion + ", " + running + " experiment running, " + promotions + " promoted"
                + (problems.isEmpty() ? "; invariants hold" : "; BROKEN: " + problems));
        return problems.isEmpty();
    }

    static String post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    static String send(HttpRequest.Builder b) throws Exception {
        b.header("Authorization", "Bearer " + System.getenv("FORECAST_ADMIN_KEY"));
        var r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) throw new IllegalStateException(r.statusCode() + " " + r.body());
        return r.body();
    }
}
