package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.telemetry.Telemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchTest {
    static final Instant END = Instant.parse("2030-01-01T09:00:00Z");
    static final String GOOD = "{\"data\": " + Fixture.rows(END, 10, 0) + ", \"forecast_horizon\": 3}";
    static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void eachItemGetsItsForecastOrItsProblemInOrder() {
        String unknown = "{\"data\": " + Fixture.rows(END, 10, 0) + ", \"forecast_horizon\": 3, \"model_version\": \"nope\"}";
        String badHorizon = "{\"data\": " + Fixture.rows(END, 10, 0) + ", \"forecast_horizon\": 0}";
        String byLabel = "{\"data\": " + Fixture.rows(END.plus(Duration.ofDays(1)), 10, 0) + ", \"forecast_horizon\": 2, \"model_version\": \"v2.0\"}";
        var r = fixture.http.post("/predict/batch", "[" + String.join(",", GOOD, badHorizon, unknown, "42", byLabel) + "]");
        assertEquals(200, r.status(), r.body());
        var results = r.json().getJsonArray("results");
        assertEquals(5, results.size());
        assertEquals(List.of(200, 400, 404, 400, 200), results.stream().map(v -> v.asJsonObject().getInt("status")).toList());
        assertEquals(3, results.getJsonObject(0).getJsonArray("predictions").size());
        assertEquals(fixture.v1.id(), results.getJsonObject(0).getString("model_version"));
        assertEquals("forecast_horizon", results.getJsonObject(1).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals("model_version", results.getJsonObject(2).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals("body", results.getJsonObject(3).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(fixture.v2.id(), results.getJsonObject(4).getString("model_version"));
        assertEquals(END.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)).toString(),
                results.getJsonObject(4).getJsonArray("timestamps").getString(0));
    }

    @Test
    void requestsMayBeWrappedInAnObject() {
        var r = fixture.http.post("/predict/batch", "{\"requests\": [" + GOOD + "," + GOOD + "]}");
        assertEquals(200, r.status(), r.body());
        assertEquals(2, r.json().getJsonArray("results").size());
    }

    @Test
    void aHundredItemsAreAllAnsweredInOrder() {
        var items = new ArrayList<String>();
        for (int i = 0; i < 100; i++)
            items.add("{\"data\": " + Fixture.rows(END.plus(Duration.ofHours(i)), 48, 0) + ", \"forecast_horizon\": 24}");
        var r = fixture.http.post("/predict/batch", "[" + String.join(",", items) + "]");
        assertEquals(200, r.status(), r.body());
        var results = r.json().getJsonArray("results");
        assertEquals(100, results.size());
        for (int i = 0; i < 100; i++) {
            var item = results.getJsonObject(i);
            assertEquals(200, item.getInt("status"), item.toString());
            assertEquals(END.plus(Duration.ofHours(i + 1)).toString(), item.getJsonArray("timestamps").getString(0), "item " + i + " in its place");
        }
    }

    @Test
    void batchesGiveTheSameResultsInTheSameOrderWhateverTheWorkers() {
        var items = new ArrayList<String>();
        for (int i = 0; i < 37; i++)
            items.add(i % 5 == 3 ? "{\"forecast_horizon\": 0}" : "{\"data\": " + Fixture.rows(END.plus(Duration.ofHours(i)), 24, 0) + ", \"forecast_horizon\": 6}");
        byte[] body = ("[" + String.join(",", items) + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sequential = withoutTimes(new PredictRoutes(fixture.prediction, Telemetry.NONE, Fixture.SETTINGS, gate(1)).batch(body).json());
        for (int slots : new int[] {2, 4}) {
            String parallel = withoutTimes(new PredictRoutes(fixture.prediction, Telemetry.NONE, Fixture.SETTINGS, gate(slots)).batch(body).json());
            assertEquals(sequential, parallel, slots + " workers");
        }
    }

    /** A gate of {@code slots} forecast workers. */
    static ForecastGate gate(int slots) {
        return new ForecastGate(new ServingLimits(slots, 10, Duration.ofSeconds(1)), io.helidon.metrics.api.MetricsFactory.getInstance().globalRegistry());
    }

    static String withoutTimes(String json) {
        return json.replaceAll("\"execution_time_ms\":[0-9.Ee-]+", "");
    }

    @Test
    void moreItemsThanTheLimitIsTooLarge() {
        var items = new ArrayList<String>();
        for (int i = 0; i <= Fixture.SETTINGS.maxBatch(); i++) items.add("{}");
        PredictTest.assertProblem(fixture.http.post("/predict/batch", "[" + String.join(",", items) + "]"), 413, "requests");
    }

    @Test
    void malformedBatchesAreBadRequests() {
        PredictTest.assertProblem(fixture.http.post("/predict/batch", "[]"), 400, "requests");
        PredictTest.assertProblem(fixture.http.post("/predict/batch", "{\"requests\": 3}"), 400, "requests");
        PredictTest.assertProblem(fixture.http.post("/predict/batch", GOOD), 400, "requests");
        PredictTest.assertProblem(fixture.http.post("/predict/batch", "[{]"), 400, "body");
        assertTrue(fixture.http.post("/predict/batch", "").isProblem());
    }
}
