package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An A/B test on the real service, as the issue asks: two versions (one made clearly worse by
 * construction: a seasonal naive forecast with a half-day period, so that it forecasts each hour
 * with the opposite phase of the daily cycle), an experiment at 70/30, 10,000
 * predictions from units with ids, a restart in the middle, actuals, and the decision, the
 * promotion and the SQL view checked against the API.
 */
class ExperimentEndToEndTest {
    @TempDir
    static Path data;
    static TestServer server;
    static List<String> train;

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of the training file as a JSON data array, values shifted by {@code shift}. */
    static String rows(int from, int to, double shift) {
        var out = new StringBuilder("[");
        for (String line : train.subList(from, to)) {
            String[] c = line.split(",", -1);
            if (out.length() > 1) out.append(',');
            String value = c[1].isEmpty() ? "null" : String.valueOf(Double.parseDouble(c[1]) + shift);
            out.append("[\"").append(c[0]).append("\",").append(value).append(',').append(c[2]).append(',').append(c[3]).append(']');
        }
        return out.append(']').toString();
    }

    /** Rows as {@code [timestamp, value]} pairs: the realised values. */
    static String actualRows(int from, int to) {
        var out = new StringBuilder("[");
        for (String line : train.subList(from, to)) {
            String[] c = line.split(",", -1);
            if (c[1].isEmpty()) continue;
            out.append(out.length() > 1 ? "," : "").append("[\"").append(c[0]).append("\",").append(c[1]).append(']');
        }
        return out.append(']').toString();
    }

    @SuppressWarnings("unchecked")
    private static String predict(int unit, int window) {
        int end = train.size() - 1 - window; // the forecast hour is row `end`, whose actual is known
        var r = server.post("/predict", "{\"data\": " + rows(end - 168, end, 0) + ", \"forecast_horizon\": 1, \"series_id\": \"meter\", \"unit_id\": \"u"
                + unit + "\"}");
        assertEquals(200, r.status(), r.body());
        var json = r.json();
        assertEquals("naive_vs_xgboost", json.get("experiment"));
        return (String) json.get("model_version");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSeventyThirtyExperimentSplitsStickilyDecidesForTheBetterModelAndSurvivesARestart() throws Exception {
        train = Files.readAllLines(Path.of("").toAbsolutePath().getParent().resolve("test_data/time_series_train.csv")).subList(1, 2905);
        server = TestServer.start(data);
        String good = (String) server.get("/models/v1.2").json().get("id");
        var trained = server.post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"name\": \"half-day\", \"wait\": true, \"hyperparameters\": {\"period\": 12},"
                + " \"data\": " + rows(train.size() - 1200, train.size(), 0) + "}");
        assertEquals(200, trained.status(), trained.body());
        String bad = (String) ((Map<String, Object>) trained.json().get("model")).get("id");
        assertEquals(200, server.post("/models/deploy", "{\"model_version\": \"half-day\", \"reason\": \"the champion\"}").status());

        var start = server.post("/ab-test/start", "{\"name\": \"naive_vs_xgboost\", \"models\": [\"half-day\", \"v1.2\"], \"traffic_split\": [0.7, 0.3],"
                + " \"duration_hours\": 0.0001, \"min_samples\": 500}");
        assertEquals(201, start.status(), start.body());

        var armOf = new HashMap<Integer, String>();
        for (int u = 0; u < 5_000; u++) armOf.put(u, predict(u, u % 200));
        server.close(); // a restart in the middle: recorded predictions are flushed, the experiment keeps running
        server = TestServer.start(data);
        var afterRestart = server.get("/ab-test/naive_vs_xgboost").json();
        long recorded = ((List<Map<String, Object>>) afterRestart.get("arms")).stream().mapToLong(a -> ((Number) a.get("requests")).longValue()).sum();
        assertEquals(5_000, recorded, "nothing lost in the restart");
        for (int u = 0; u < 200; u++) assertEquals(armOf.get(u), predict(u, u % 200), "unit " + u + " keeps its arm across the restart");
        for (int u = 5_000; u < 9_800; u++) armOf.put(u, predict(u, u % 200));

        long toBad = armOf.values().stream().filter(bad::equals).count();
        long toGood = armOf.values().stream().filter(good::equals).count();
        assertEquals(9_800, toBad + toGood);
        double chi = Math.pow(toBad - 0.7 * 9_800, 2) / (0.7 * 9_800) + Math.pow(toGood - 0.3 * 9_800, 2) / (0.3 * 9_800);
        assertTrue(chi < 10.83, "the split holds (chi-square " + chi + ", p > 0.001): " + toBad + " / " + toGood);

        var actuals = server.post("/actuals", "{\"series_id\": \"meter\", \"data\": " + actualRows(train.size() - 260, train.size()) + "}");
        assertEquals(200, actuals.status(), actuals.body());
        assertEquals(10_000L, ((Number) actuals.json().get("scored_points")).longValue());

        var report = server.get("/ab-test/naive_vs_xgboost").json();
        var decision = (Map<String, Object>) report.get("decision");
        assertEquals("winner", decision.get("status"), String.valueOf(decision));
        assertEquals(good, decision.get("winner"));
        assertEquals(Boolean.FALSE, ((Map<String, Object>) report.get("sample_ratio")).get("mismatch"));
        var arms = (List<Map<String, Object>>) report.get("arms");
        assertEquals(10_000L, arms.stream().mapToLong(a -> ((Number) a.get("requests")).longValue()).sum());

        try (var sql = DriverManager.getConnection(server.app.jdbcUrl(), "sa", "");
             var rows = sql.createStatement().executeQuery(
                     "SELECT version, requests, scored_predictions, mape FROM ab_test_arm_summary WHERE experiment = 'naive_vs_xgboost' ORDER BY position")) {
            for (var arm : arms) {
                assertTrue(rows.next());
                assertEquals(arm.get("version"), rows.getString(1));
                assertEquals(((Number) arm.get("requests")).longValue(), rows.getLong(2));
                assertEquals(((Number) arm.get("scored_predictions")).longValue(), rows.getLong(3));
                assertEquals(((Number) ((Map<String, Object>) arm.get("mape")).get("value")).doubleValue(), rows.getDouble(4), 1e-9);
            }
        }

        var promote = server.post("/ab-test/naive_vs_xgboost/promote", "{\"actor\": \"ops\"}");
        assertEquals(200, promote.status(), promote.body());
        var deployments = (List<Map<String, Object>>) server.get("/models/deployments").json().get("deployments");
        assertEquals(good, deployments.get(deployments.size() - 1).get("version"));
        var p = server.post("/predict", "{\"data\": " + rows(train.size() - 168, train.size(), 0) + ", \"forecast_horizon\": 1, \"unit_id\": \"u1\"}").json();
        assertEquals(good, p.get("model_version"));
        assertEquals(null, p.get("experiment"), "a promoted experiment takes no more traffic");
    }
}
