package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole service started for real, as {@code ./forecast serve} starts it: H2 on disk, the
 * bootstrap model trained with XGBoost on test_data, Helidon on a random port.
 */
class ServeEndToEndTest {
    @TempDir
    static Path data;
    static TestServer server;
    static List<String> testRows;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(data);
        testRows = Files.readAllLines(Path.of("").toAbsolutePath().getParent().resolve("test_data/time_series_test.csv"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The last {@code n} rows of the training data as a JSON data array with both features. */
    static String trainTail(int n) throws IOException {
        var lines = Files.readAllLines(Path.of("").toAbsolutePath().getParent().resolve("test_data/time_series_train.csv"));
        var rows = lines.subList(lines.size() - n, lines.size());
        var out = new StringBuilder("[");
        for (String line : rows) {
            String[] c = line.split(",", -1);
            if (out.length() > 1) out.append(',');
            out.append("[\"").append(c[0]).append("\",").append(c[1].isEmpty() ? "null" : c[1]).append(',').append(c[2]).append(',').append(c[3]).append(']');
        }
        return out.append(']').toString();
    }

    @Test
    void theSeedExampleRequestIsAnsweredWithForecastsAndIntervals() throws IOException {
        var r = server.post("/predict", "{\"data\": " + trainTail(168) + ", \"model_version\": \"v1.2\", \"forecast_horizon\": 10}");
        assertEquals(200, r.status(), r.body());
        var json = r.json();
        var predictions = (List<?>) json.get("predictions");
        var intervals = (List<?>) json.get("confidence_intervals");
        var timestamps = (List<?>) json.get("timestamps");
        assertEquals(10, predictions.size());
        assertEquals(10, intervals.size());
        assertEquals(10, timestamps.size());
        assertEquals("xgboost_v1", json.get("model_version"));
        String firstTest = testRows.get(1).split(",")[0];
        assertEquals(Instant.parse(firstTest), Instant.parse((String) timestamps.get(0)), "forecasts start one hour after the history");
        for (int i = 0; i < 10; i++) {
            double p = (Double) predictions.get(i);
            var band = (List<?>) intervals.get(i);
            assertTrue((Double) band.get(0) <= p && p <= (Double) band.get(1), "interval " + band + " holds prediction " + p);
        }
        // the model knows this series: its forecasts are close to what really happened
        double ape = 0;
        for (int i = 0; i < 10; i++) {
            double actual = Double.parseDouble(testRows.get(1 + i).split(",")[1]);
            ape += Math.abs((Double) predictions.get(i) - actual) / actual;
        }
        assertTrue(ape / 10 < 0.10, "MAPE over the first 10 test hours " + ape / 10);
    }

    @Test
    void aShortHistoryThatContinuesTheTrainingSeriesIsForecastWithTheModelsContext() throws IOException {
        var r = server.post("/predict", "{\"data\": " + trainTail(3) + ", \"forecast_horizon\": 24, \"confidence_level\": 0.8}");
        assertEquals(200, r.status(), r.body());
        assertEquals(24, ((List<?>) r.json().get("predictions")).size());
    }

    @Test
    void withoutAModelVersionTheLiveVersionAnswers() throws IOException {
        var r = server.post("/predict", "{\"data\": " + trainTail(48) + ", \"forecast_horizon\": 5}");
        assertEquals(200, r.status(), r.body());
        assertEquals("xgboost_v1", r.json().get("model_version"));
    }

    static List<Object[]> badRequests() {
        String ok = "[[\"2024-05-01T00:00:00Z\", 100, 1, 0], [\"2024-05-01T01:00:00Z\", 101, 1, 0], [\"2024-05-01T02:00:00Z\", 102, 1, 0]]";
        return List.of(
                new Object[] {"{\"data\": [], \"forecast_horizon\": 5}", "data"},
                new Object[] {"{\"forecast_horizon\": 5}", "data"},
                new Object[] {"{\"data\": [[\"2024-05-01T00:00:00Z\", \"NaN\"], [\"2024-05-01T01:00:00Z\", 1]], \"forecast_horizon\": 5}", "data[0][1]"},
                new Object[] {"{\"data\": [[\"2024-05-01T01:00:00Z\", 1], [\"2024-05-01T00:00:00Z\", 2]], \"forecast_horizon\": 5}", "data[1][0]"},
                new Object[] {"{\"data\": [[\"2024-05-01T00:00:00Z\", 1], [\"2024-05-01T00:00:00Z\", 2]], \"forecast_horizon\": 5}", "data[1][0]"},
                new Object[] {"{\"data\": [[\"yesterday\", 1]], \"forecast_horizon\": 5}", "data[0][0]"},
                new Object[] {"{\"data\": " + ok + ", \"forecast_horizon\": 0}", "forecast_horizon"},
                new Object[] {"{\"data\": " + ok + ", \"forecast_horizon\": 100000}", "forecast_horizon"},
                new Object[] {"{\"data\": " + ok + ", \"forecast_horizon\": \"ten\"}", "forecast_horizon"},
                new Object[] {"{\"data\": " + ok + ", \"forecast_horizon\": 5, \"confidence_level\": 95}", "confidence_level"},
                new Object[] {"{\"data\": " + ok + ", \"forecast_horizon\": 5, \"model_version\": \"v9.9\"}", "model_version"},
                new Object[] {"{\"data\": [[\"2024-05-01T00:00:00Z\", 1, 2, 3, 4]], \"forecast_horizon\": 5}", "data[0][2]"},
                new Object[] {"{\"data\": [1, 2, 3], \"forecast_horizon\": 5}", "data[0]"},
                new Object[] {"{\"data\": " + ok + ", \"forecast_horizon\": 5", "body"},
                new Object[] {"[1, 2]", "body"});
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badInputIsAProblemNamingTheField(String body, String field) {
        var r = server.post("/predict", body);
        assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " " + r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        var problem = r.json();
        assertEquals((double) r.status(), problem.get("status"));
        assertNotNull(problem.get("title"));
        var errors = (List<?>) problem.get("errors");
        assertNotNull(errors, r.body());
        assertTrue(errors.stream().anyMatch(e -> field.equals(((Map<?, ?>) e).get("field"))), "names " + field + ": " + r.body());
    }

    @Test
    void aBatchAnswersEveryItemInOrder() throws IOException {
        String good = "{\"data\": " + trainTail(48) + ", \"forecast_horizon\": 24}";
        String bad = "{\"data\": [], \"forecast_horizon\": 24}";
        var r = server.post("/predict/batch", "[" + good + "," + bad + "," + good + "]");
        assertEquals(200, r.status(), r.body());
        var results = (List<?>) r.json().get("results");
        assertEquals(3, results.size());
        assertEquals(24, ((List<?>) ((Map<?, ?>) results.get(0)).get("predictions")).size());
        assertEquals(400.0, ((Map<?, ?>) results.get(1)).get("status"));
    }

    @Test
    void modelsListTheBootstrapVersionWithItsBacktestMetrics() {
        var r = server.get("/models/v1.2");
        assertEquals(200, r.status(), r.body());
        var json = r.json();
        assertEquals("xgboost_v1", json.get("id"));
        assertEquals("live", json.get("status"));
        var metrics = (Map<?, ?>) json.get("metrics");
        assertTrue((Double) metrics.get("mape") < 10, "backtest MAPE " + metrics.get("mape"));
        var cov = (Double) metrics.get("coverage_95");
        assertTrue(cov > 0.8, "95% interval coverage " + cov);
        assertEquals(64, ((String) json.get("sha256")).length());
    }

    @Test
    void healthAndPrometheusMetricsAreServed() {
        server.post("/predict", "{\"data\": [], \"forecast_horizon\": 1}");
        assertEquals(200, server.get("/observe/health").status());
        var metrics = server.get("/observe/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("# TYPE"), metrics.body());
    }

    /** On the module path too, Helidon finds the web adapter's META-INF/openapi.yaml and the Swagger UI webjar's files; no key needed. */
    @Test
    void theApiDescriptionAndSwaggerUiAreServedWithoutAKey() {
        var anonymous = server.as(null);
        var yaml = anonymous.get("/openapi");
        assertEquals(200, yaml.status(), yaml.body());
        assertTrue(yaml.body().contains("openapi: 3.1.0") && yaml.body().contains("/predict/batch:"), yaml.body());
        var json = anonymous.get("/openapi?format=json");
        assertEquals(200, json.status(), json.body());
        assertTrue(json.contentType().startsWith("application/json"), json.contentType());
        assertEquals("3.1.0", json.json().get("openapi"));
        var ui = anonymous.get("/openapi/ui");
        assertEquals(200, ui.status(), ui.body());
        assertTrue(ui.contentType().startsWith("text/html") && ui.body().contains("/openapi/ui/swagger-ui-bundle.js"), ui.body());
        var bundle = anonymous.get("/openapi/ui/swagger-ui-bundle.js");
        assertEquals(200, bundle.status());
        assertTrue(bundle.body().length() > 100_000 && bundle.contentType().startsWith("text/javascript"), bundle.contentType());
    }

    @Test
    void aModelTrainedOverHttpOnTheStoredHistoryForecastsTheContinuationOfThatSeries() throws IOException {
        var trained = server.post("/models/train", "{\"algorithm\": \"xgboost\", \"hyperparameters\": {\"rounds\": 30, \"max_rows\": 4000},"
                + " \"name\": \"xgb-small\", \"wait\": true}");
        assertEquals(200, trained.status(), trained.body());
        var model = (Map<?, ?>) trained.json().get("model");
        assertEquals("xgb-small", model.get("label"));
        assertEquals("registered", model.get("status"), "training does not deploy unless asked");
        var metrics = (Map<?, ?>) model.get("metrics");
        assertTrue((Double) metrics.get("mase") > 0);
        var r = server.post("/predict", "{\"data\": " + trainTail(3) + ", \"forecast_horizon\": 24, \"model_version\": \"xgb-small\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(model.get("id"), r.json().get("model_version"));
        assertEquals("xgboost_v1", server.get("/models/default/versions").json().get("live"));
    }
}
