package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's scenario on a real server over H2 on disk: next to the bootstrap's {@code default}
 * model, a {@code shop-sales} model trained from one long CSV of six daily shops, forecasts by
 * series id without data, an A/B test inside {@code shop-sales} whose promotion leaves
 * {@code default} alone, actuals scored per series, and the SQL views naming the model.
 */
class PortfolioScenarioTest {
    static final int SHOPS = 6;
    static final int HISTORY = 200;
    static final int HORIZON = 14;
    static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);

    @TempDir
    Path data;

    /** Daily sales of shop {@code s} on day {@code d}: a level, a slow trend, a weekly pattern and noise. */
    static double sales(int s, int d, Random noise) {
        double level = 80 + 25 * s;
        double weekly = new double[] {0.8, 0.9, 0.95, 1.0, 1.15, 1.35, 0.85}[d % 7];
        return Math.round((level + 0.05 * d) * weekly + noise.nextGaussian() * 2) / 1.0;
    }

    /** Every shop's days {@code from} to {@code to} (exclusive) as a long CSV. */
    static String longCsv(double[][] values, int from, int to) {
        var csv = new StringBuilder("series_id,timestamp,value\n");
        for (int s = 0; s < values.length; s++)
            for (int d = from; d < to; d++) csv.append("shop-").append(s + 1).append(',').append(FIRST_DAY.plusDays(d)).append(',').append(values[s][d]).append('\n');
        return csv.toString();
    }

    static HttpResponse<String> postCsv(TestServer server, String path, String csv) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.app.port() + path))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The last week of the hourly test data (value, temperature, promotion) as {@code data} rows, as the default model is asked. */
    static String lastWeekOfTestData() throws java.io.IOException {
        var lines = java.nio.file.Files.readAllLines(SeriesEndToEndTest.HOME.resolve("test_data/time_series_train.csv"));
        var rows = new StringBuilder("[");
        for (String line : lines.subList(lines.size() - 168, lines.size())) {
            String[] c = line.split(",", -1);
            rows.append(rows.length() > 1 ? "," : "").append("[\"").append(c[0]).append("\",").append(c[1].isEmpty() ? "null" : c[1])
                    .append(',').append(c[2]).append(',').append(c[3]).append(']');
        }
        return rows.append(']').toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    static Map<String, Object> model(TestServer server, String name) {
        return list(server.get("/models").json().get("models")).stream().filter(m -> name.equals(m.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void twoModelsAPortfolioFromCsvAnExperimentInOneAndActualsScoredPerSeries() throws Exception {
        var noise = new Random(14);
        double[][] values = new double[SHOPS][HISTORY + HORIZON];
        for (int s = 0; s < SHOPS; s++) for (int d = 0; d < HISTORY + HORIZON; d++) values[s][d] = sales(s, d, noise);

        try (var server = TestServer.start(data)) {
            var defaultModel = model(server, "default");
            String defaultLive = (String) defaultModel.get("live_version");
            String hourly = "{\"data\": " + lastWeekOfTestData() + ", \"forecast_horizon\": 3}";
            assertEquals(200, server.post("/predict", hourly).status(), "the default model answers the specification's request");

            // a refused training stores nothing: the CSV's series are not kept when the algorithm is unknown
            var refused = postCsv(server, "/models/shop-sales/train?algorithm=prophet", longCsv(values, 0, HISTORY));
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"algorithm\""), refused.body());
            assertEquals(List.of(), server.get("/series?prefix=shop-").json().get("series"));
            var typo = postCsv(server, "/models/shop-sales/train?algorithm=seasonal_naive&perod=7", longCsv(values, 0, HISTORY));
            assertEquals(400, typo.statusCode(), typo.body());
            assertTrue(typo.body().contains("\"perod\""), typo.body());

            // the portfolio from one long CSV: stored, trained over all six shops, deployed
            var naive = postCsv(server, "/models/shop-sales/train?algorithm=seasonal_naive&period=7&name=weekly-naive&wait=true&deploy=true",
                    longCsv(values, 0, HISTORY));
            assertEquals(200, naive.statusCode(), naive.body());
            var naiveVersion = map(Json.object(naive.body()).get("model"));
            String naiveId = (String) naiveVersion.get("id");
            assertEquals("shop-sales", naiveVersion.get("model"));
            assertEquals(SHOPS, ((Number) map(naiveVersion.get("portfolio")).get("series")).intValue(), naive.body());
            assertEquals(SHOPS, list(server.get("/series?prefix=shop-").json().get("series")).size());

            // a second version of the same model over the stored series, not deployed
            var arima = server.post("/models/shop-sales/train", "{\"algorithm\": \"arima\", \"series_prefix\": \"shop-\", \"name\": \"arima\", \"wait\": true}");
            assertEquals(200, arima.status(), arima.body());
            String arimaId = (String) map(arima.json().get("model")).get("id");
            var arimaFitted = server.get("/models/shop-sales/versions/arima").json();
            assertEquals(SHOPS, list(arimaFitted.get("series_metrics")).size(), "each series' backtest is kept");
            assertEquals(String.valueOf(SHOPS), map(arimaFitted.get("fitted")).get("series"));
            for (var s : list(arimaFitted.get("series_metrics")))
                assertTrue(String.valueOf(map(s.get("fitted")).get("model")).startsWith("ARIMA("), "each series' own orders: " + s);

            // and a global one: one booster across the shops, which also forecasts a shop it never saw when its history is sent
            var global = server.post("/models/shop-sales/train", "{\"algorithm\": \"xgboost\", \"series_prefix\": \"shop-\", \"name\": \"global\","
                    + " \"hyperparameters\": {\"rounds\": 40}, \"wait\": true}");
            assertEquals(200, global.status(), global.body());
            String globalId = (String) map(global.json().get("model")).get("id");
            assertEquals(SHOPS, ((Number) map(map(global.json().get("model")).get("portfolio")).get("series")).intValue(), global.body());
            var unseenRows = new StringBuilder("[");
            for (int d = 0; d < 120; d++) unseenRows.append(d > 0 ? "," : "").append("[\"").append(FIRST_DAY.plusDays(d)).append("\",").append(sales(SHOPS + 3, d, noise)).append(']');
            var unseen = server.post("/predict", "{\"model\": \"shop-sales\", \"model_version\": \"global\", \"series_id\": \"shop-99\", \"forecast_horizon\": 7,"
                    + " \"data\": " + unseenRows.append(']') + "}");
            assertEquals(200, unseen.status(), unseen.body());
            double first = ((Number) ((List<?>) unseen.json().get("predictions")).get(0)).doubleValue();
            assertTrue(first > 230 && first < 330, "scaled to the unseen shop's level (about 280, above every trained shop's): " + unseen.body());
            var withoutData = server.post("/predict", "{\"model\": \"shop-sales\", \"model_version\": \"global\", \"series_id\": \"shop-99\", \"forecast_horizon\": 7}");
            assertEquals(404, withoutData.status(), withoutData.body());
            assertTrue(withoutData.body().contains("series_id"), withoutData.body());

            var shopSales = model(server, "shop-sales");
            assertEquals(naiveId, shopSales.get("live_version"));
            assertEquals(SHOPS, ((Number) shopSales.get("series")).intValue());
            assertEquals(3, ((Number) shopSales.get("versions")).intValue());
            assertEquals(defaultLive, model(server, "default").get("live_version"));

            // the next 14 days of shop 3 from its stored history, and of every shop in one batch
            var forecast = server.post("/predict", "{\"model\": \"shop-sales\", \"series_id\": \"shop-3\", \"forecast_horizon\": 14}");
            assertEquals(200, forecast.status(), forecast.body());
            assertEquals(naiveId, forecast.json().get("model_version"));
            assertEquals(HORIZON, ((List<?>) forecast.json().get("predictions")).size());
            var timestamps = (List<?>) forecast.json().get("timestamps");
            assertTrue(String.valueOf(timestamps.get(0)).startsWith(FIRST_DAY.plusDays(HISTORY).toString()), forecast.body());
            var batch = new StringBuilder("[");
            for (int s = 1; s <= SHOPS; s++) batch.append(s > 1 ? "," : "").append("{\"model\": \"shop-sales\", \"series_id\": \"shop-").append(s).append("\", \"forecast_horizon\": 14}");
            var answers = server.post("/predict/batch", batch.append(']').toString());
            assertEquals(200, answers.status(), answers.body());
            assertEquals(SHOPS, list(answers.json().get("results")).size());
            for (var answer : list(answers.json().get("results"))) assertEquals(200, ((Number) answer.get("status")).intValue(), String.valueOf(answer));

            // a series the live version does not cover
            assertEquals(201, postCsv(server, "/series", "series_id,timestamp,value\nshop-new,2025-07-01,10\nshop-new,2025-07-02,11\n").statusCode());
            var uncovered = server.post("/predict", "{\"model\": \"shop-sales\", \"series_id\": \"shop-new\", \"forecast_horizon\": 14}");
            assertEquals(404, uncovered.status(), uncovered.body());
            assertTrue(uncovered.body().contains("series_id"), uncovered.body());

            // an A/B test inside shop-sales: every shop is asked for by a few units, each unit sticks to its arm
            var start = server.post("/ab-test/start", "{\"model\": \"shop-sales\", \"name\": \"naive-vs-arima\", \"models\": [\"weekly-naive\", \"arima\", \"global\"],"
                    + " \"traffic_split\": [0.4, 0.3, 0.3], \"duration_hours\": 0.0001, \"min_samples\": 10}");
            assertEquals(201, start.status(), start.body());
            var arms = new HashSet<String>();
            for (int s = 1; s <= SHOPS; s++) {
                for (int u = 0; u < 8; u++) {
                    var r = server.post("/predict", "{\"model\": \"shop-sales\", \"series_id\": \"shop-" + s + "\", \"forecast_horizon\": 14, \"unit_id\": \"u" + s + "-" + u + "\"}");
                    assertEquals(200, r.status(), r.body());
                    assertEquals("naive-vs-arima", r.json().get("experiment"));
                    arms.add((String) r.json().get("model_version"));
                }
            }
            assertEquals(java.util.Set.of(naiveId, arimaId, globalId), arms, "every arm takes traffic");
            var elsewhere = server.post("/predict", hourly);
            assertEquals(200, elsewhere.status(), elsewhere.body());
            assertEquals(defaultLive, elsewhere.json().get("model_version"));
            assertEquals(null, elsewhere.json().get("experiment"), "the experiment splits only shop-sales' traffic");

            // the next 14 days happen: actuals for each shop score that shop's forecasts
            long scored = 0;
            for (int s = 0; s < SHOPS; s++) {
                var rows = new StringBuilder("[");
                for (int d = HISTORY; d < HISTORY + HORIZON; d++) rows.append(d > HISTORY ? "," : "").append("[\"").append(FIRST_DAY.plusDays(d)).append("\",").append(values[s][d]).append(']');
                var actuals = server.post("/actuals", "{\"series_id\": \"shop-" + (s + 1) + "\", \"data\": " + rows.append(']') + "}");
                assertEquals(200, actuals.status(), actuals.body());
                long points14 = ((Number) actuals.json().get("scored_points")).longValue();
                assertTrue(points14 >= 8 * HORIZON, "the experiment's forecasts of shop-" + (s + 1) + " are scored: " + actuals.body());
                scored += points14;
            }
            var report = server.get("/ab-test/naive-vs-arima").json();
            long scoredByArms = list(report.get("arms")).stream().mapToLong(a -> ((Number) a.get("scored_predictions")).longValue()).sum();
            assertEquals(SHOPS * 8, scoredByArms, "every forecast of the experiment was scored: " + report);
            assertTrue(scored >= SHOPS * 8 * HORIZON);

            var promote = server.post("/ab-test/naive-vs-arima/promote", "{\"arm\": \"arima\", \"actor\": \"ops\"}");
            assertEquals(200, promote.status(), promote.body());
            assertEquals(arimaId, model(server, "shop-sales").get("live_version"), "the promotion changes shop-sales' live version");
            assertEquals(defaultLive, model(server, "default").get("live_version"), "and leaves default's alone");
            var shopDeployments = list(server.get("/models/shop-sales/deployments").json().get("deployments"));
            assertEquals(arimaId, shopDeployments.get(shopDeployments.size() - 1).get("version"));
            var defaultDeployments = list(server.get("/models/deployments").json().get("deployments"));
            assertEquals(defaultLive, defaultDeployments.get(defaultDeployments.size() - 1).get("version"));
            var hourlyAfter = server.post("/predict", hourly);
            assertEquals(200, hourlyAfter.status(), "the default model still answers hourly data: " + hourlyAfter.body());
            var promoted = server.post("/predict", "{\"model\": \"shop-sales\", \"series_id\": \"shop-3\", \"forecast_horizon\": 14}");
            assertEquals(arimaId, promoted.json().get("model_version"));
            assertTrue(String.valueOf(((List<?>) promoted.json().get("timestamps")).get(0)).startsWith(FIRST_DAY.plusDays(HISTORY + HORIZON).toString()),
                    "the actuals extended the stored history: " + promoted.body());

            var health = server.get("/observe/health");
            assertEquals(200, health.status(), health.body());
            assertTrue(health.body().contains("model.shop-sales") && health.body().contains("model.default"), health.body());
            assertFalse(health.body().contains("DOWN"), health.body());

            try (var sql = DriverManager.getConnection(server.app.jdbcUrl(), "sa", "");
                 var perSeries = sql.createStatement().executeQuery("SELECT model, series_id FROM version_series_metrics WHERE version = '" + arimaId + "' ORDER BY series_id");
                 ) {
                var ids = new ArrayList<String>();
                while (perSeries.next()) {
                    assertEquals("shop-sales", perSeries.getString(1));
                    ids.add(perSeries.getString(2));
                }
                assertEquals(List.of("shop-1", "shop-2", "shop-3", "shop-4", "shop-5", "shop-6"), ids);
                try (var experiment = sql.createStatement().executeQuery("SELECT model FROM ab_test_summary WHERE experiment = 'naive-vs-arima'")) {
                    assertTrue(experiment.next());
                    assertEquals("shop-sales", experiment.getString(1));
                }
            }
            assertNotEquals(naiveId, arimaId);
        }

        // after a restart: the portfolio is read back, serves the stored series, and shows what was fitted
        try (var again = TestServer.start(data)) {
            var forecast = again.post("/predict", "{\"model\": \"shop-sales\", \"series_id\": \"shop-5\", \"forecast_horizon\": 14}");
            assertEquals(200, forecast.status(), forecast.body());
            assertEquals("arima", forecast.json().get("model_label"));
            var global = again.get("/models/shop-sales/versions/global").json();
            assertEquals(String.valueOf(SHOPS), map(global.get("fitted")).get("series"), "read from its artifact: " + global.get("fitted"));
            assertTrue(map(global.get("fitted")).containsKey("trees"), String.valueOf(global.get("fitted")));
        }
    }
}
