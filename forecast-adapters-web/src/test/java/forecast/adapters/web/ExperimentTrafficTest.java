package forecast.adapters.web;

import static forecast.adapters.web.PredictTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Predictions routed by running A/B tests, and actuals scoring what they served. */
class ExperimentTrafficTest {
    static final String ROWS = Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 10, 0);
    static final String T = "2030-01-01T10:00:00Z";
    Fixture fixture;

    @BeforeEach
    void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A two-step predict request with {@code extra} members (or none). */
    static String request(String extra) {
        return "{\"data\": " + ROWS + ", \"forecast_horizon\": 2" + (extra == null ? "" : ", " + extra) + "}";
    }

    JsonObject predict(String extra) {
        var r = fixture.http.post("/predict", request(extra));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    void startExperiment(String body) {
        var r = fixture.http.post("/ab-test/start", body);
        assertEquals(201, r.status(), r.body());
    }

    /** Whether an experiment routed the prediction (a prediction id alone may come from monitoring's recording). */
    static boolean routed(JsonObject prediction) {
        return prediction.containsKey("experiment") || prediction.containsKey("arm");
    }

    @Test
    void requestsWithoutAVersionAreRoutedAndNamedAndNamedVersionsAreNot() {
        startExperiment(ExperimentRoutesTest.START);
        var p = predict("\"series_id\": \"meter-1\"");
        assertEquals("lstm_vs_xgboost", p.getString("experiment"));
        int arm = p.getInt("arm");
        assertEquals(arm == 0 ? fixture.v1.id() : fixture.v2.id(), p.getString("model_version"), "the arm's version serves");
        assertFalse(p.getString("prediction_id").isBlank());
        assertNotEquals(p.getString("prediction_id"), predict(null).getString("prediction_id"), "every prediction its own id");

        var named = predict("\"model_version\": \"v2.0\"");
        assertEquals(fixture.v2.id(), named.getString("model_version"));
        assertFalse(routed(named), "an explicit version bypasses the experiment: " + named);
        assertFalse(named.containsKey("prediction_id"), "neither routed nor naming a series or unit: not recorded");

        var batch = fixture.http.post("/predict/batch", "[" + request("\"unit_id\": \"u1\"") + ", " + request("\"model_version\": \"v1.0\"") + "]");
        assertEquals(200, batch.status(), batch.body());
        var results = batch.json().getJsonArray("results");
        assertEquals("lstm_vs_xgboost", results.getJsonObject(0).getString("experiment"));
        assertFalse(routed(results.getJsonObject(1)), results.toString());
    }

    @Test
    void withoutAnExperimentTheResponseHasNoExperimentFields() {
        var p = predict("\"series_id\": \"meter-1\", \"unit_id\": \"user:42\"");
        assertEquals(fixture.v1.id(), p.getString("model_version"));
        assertFalse(routed(p), p.toString());
        assertFalse(p.getString("prediction_id").isBlank(), "recorded for monitoring, as it names a series: " + p);
        assertFalse(predict(null).containsKey("prediction_id"), "naming neither series nor unit: not recorded");
    }

    @Test
    void actualsScoreAPredictionRecordedOutsideAnyExperiment() {
        var p = predict("\"unit_id\": \"user:7\"");
        var times = p.getJsonArray("timestamps");
        assertEquals(2, scored("{\"prediction_id\": \"" + p.getString("prediction_id") + "\", \"data\": [[\"" + times.getString(0) + "\", 101], [\""
                + times.getString(1) + "\", 99]]}"));
    }

    @Test
    void aScopedExperimentTakesOnlyItsSeries() {
        startExperiment(ExperimentRoutesTest.start("meter1", "\"scope\": \"meter-1\""));
        assertEquals("meter1", predict("\"series_id\": \"meter-1\"").getString("experiment"));
        assertFalse(routed(predict("\"series_id\": \"meter-2\"")));
        assertFalse(routed(predict(null)));
    }

    static Stream<Arguments> badIds() {
        return Stream.of(
                Arguments.of("\"unit_id\": 5", "unit_id"),
                Arguments.of("\"unit_id\": \"a b\"", "unit_id"),
                Arguments.of("\"unit_id\": \"\"", "unit_id"),
                Arguments.of("\"series_id\": [\"m\"]", "series_id"),
                Arguments.of("\"series_id\": \"" + "x".repeat(129) + "\"", "series_id"),
                Arguments.of("\"series_id\": \"-leading\"", "series_id"));
    }

    @ParameterizedTest(name = "[{index}] names {1}")
    @MethodSource("badIds")
    void badSeriesOrUnitIdIsRefusedNamingIt(String member, String field) {
        assertProblem(fixture.http.post("/predict", request(member)), 400, field);
        var batch = fixture.http.post("/predict/batch", "[" + request(member) + "]").json().getJsonArray("results").getJsonObject(0);
        assertEquals(400, batch.getInt("status"), batch.toString());
    }

    @Test
    void aStickyUnitAlwaysGetsTheSameArmAndUnitsSpreadOverBoth() {
        startExperiment(ExperimentRoutesTest.START);
        int arm = predict("\"unit_id\": \"user-42\"").getInt("arm");
        for (int i = 0; i < 20; i++) assertEquals(arm, predict("\"unit_id\": \"user-42\"").getInt("arm"), "call " + i);
        Set<Integer> arms = new HashSet<>();
        for (int u = 0; u < 40; u++) arms.add(predict("\"unit_id\": \"user-" + u + "\"").getInt("arm"));
        assertEquals(Set.of(0, 1), arms);
    }

    @Test
    void aNonStickyExperimentDrawsEveryRequestAnew() {
        startExperiment(ExperimentRoutesTest.start("loose", "\"sticky\": false"));
        Set<Integer> arms = new HashSet<>();
        for (int i = 0; i < 40; i++) arms.add(predict("\"unit_id\": \"user-42\"").getInt("arm"));
        assertEquals(Set.of(0, 1), arms);
    }

    @Test
    void theSplitRoughlyHoldsOverTwoThousandRandomRequests() {
        startExperiment(ExperimentRoutesTest.START.replace("[0.5, 0.5]", "[0.3, 0.7]"));
        int[] counts = new int[2];
        String batch = "[" + String.join(",", java.util.Collections.nCopies(100, request(null))) + "]";
        for (int b = 0; b < 20; b++) {
            var r = fixture.http.post("/predict/batch", batch);
            assertEquals(200, r.status(), r.body());
            for (var item : r.json().getJsonArray("results")) counts[item.asJsonObject().getInt("arm")]++;
        }
        assertEquals(2_000, counts[0] + counts[1]);
        double share = counts[0] / 2_000.0;
        assertTrue(Math.abs(share - 0.3) < 0.05, "arm 0 took " + share + " of the traffic, expected 0.3");

        var report = fixture.http.get("/ab-test/lstm_vs_xgboost").json();
        var arms = report.getJsonArray("arms");
        assertEquals(counts[0], arms.getJsonObject(0).getInt("requests"));
        assertEquals(counts[1], arms.getJsonObject(1).getInt("requests"));
        assertTrue(arms.getJsonObject(1).getJsonObject("latency_ms").getJsonNumber("p99").doubleValue() >= 0);
        double p = report.getJsonObject("sample_ratio").getJsonNumber("p_value").doubleValue();
        assertTrue(p >= 0 && p <= 1, report.toString());
    }

    @Test
    void actualsByPredictionIdSeriesOrUnitScoreTheForecastPoints() {
        startExperiment(ExperimentRoutesTest.START);
        var first = predict("\"series_id\": \"meter-1\"");
        var times = first.getJsonArray("timestamps");
        String id = first.getString("prediction_id");
        assertEquals(2, scored("{\"prediction_id\": \"" + id + "\", \"data\": [[\"" + times.getString(0) + "\", 101], [\"" + times.getString(1) + "\", 99.5]]}"));

        predict("\"series_id\": \"meter-2\", \"unit_id\": \"u1\"");
        assertEquals(2, scored("{\"series_id\": \"meter-2\", \"data\": [[\"" + times.getString(0) + "\", 100], [" + Instant.parse(times.getString(1)).getEpochSecond()
                + ", 100], [\"" + Instant.parse(times.getString(1)).plusSeconds(5 * 3600) + "\", 5]]}"), "the point that was never forecast scores nothing");
        assertEquals(1, scored("{\"unit_id\": \"u1\", \"data\": [[\"" + times.getString(0) + "\", 104]]}"), "a later actual replaces the earlier");
        assertEquals(0, scored("{\"prediction_id\": \"no-such-prediction\", \"data\": [[\"" + times.getString(0) + "\", 1]]}"));

        var report = fixture.http.get("/ab-test/lstm_vs_xgboost").json();
        long requests = 0, scored = 0;
        for (var a : report.getJsonArray("arms")) {
            var arm = a.asJsonObject();
            requests += arm.getInt("requests");
            scored += arm.getInt("scored_predictions");
            if (arm.getInt("scored_predictions") > 0) {
                assertTrue(arm.getJsonObject("mae").getJsonNumber("value").doubleValue() > 0, arm.toString());
                assertEquals(arm.getInt("scored_predictions"), arm.getJsonObject("mape").getInt("n"));
            }
        }
        assertEquals(2, requests);
        assertEquals(2, scored);
        assertEquals("running", report.getJsonObject("decision").getString("status"));
    }

    int scored(String body) {
        var r = fixture.http.post("/actuals", body);
        assertEquals(200, r.status(), r.body());
        return r.json().getInt("scored_points");
    }

    static Stream<Arguments> badActuals() {
        String row = "[\"" + T + "\", 1]";
        return Stream.of(
                Arguments.of("{\"data\": [" + row + "]}", 400, "prediction_id"),
                Arguments.of("{\"series_id\": \"m\"}", 400, "data"),
                Arguments.of("{\"series_id\": \"m\", \"data\": []}", 400, "data"),
                Arguments.of("{\"series_id\": \"m\", \"data\": \"x\"}", 400, "data"),
                Arguments.of("{\"series_id\": \"m\", \"data\": [" + row + ", [\"" + T + "\", \"x\"]]}", 400, "data[1][1]"),
                Arguments.of("{\"series_id\": \"m\", \"data\": [[\"" + T + "\", null]]}", 400, "data[0][1]"),
                Arguments.of("{\"series_id\": \"m\", \"data\": [[\"" + T + "\", 1e400]]}", 400, "data[0][1]"),
                Arguments.of("{\"series_id\": \"m\", \"data\": [[\"yesterday\", 1]]}", 400, "data[0][0]"),
                Arguments.of("{\"series_id\": \"m\", \"data\": [" + row + ", [\"" + T + "\"]]}", 400, "data[1]"),
                Arguments.of("{\"series_id\": \"m\", \"data\": [[\"" + T + "\", 1, 2], " + row + "]}", 400, "data[1]"),
                Arguments.of("{\"series_id\": \"m\", \"data\": [[\"" + T + "\", 1, \"x\"]]}", 400, "data[0][2]"),
                Arguments.of("{\"series_id\": \"m\", \"data\": [[\"" + T + "\", 1, 1e400]]}", 400, "data[0][2]"),
                Arguments.of("{\"series_id\": \"m\", \"data\": [5]}", 400, "data[0]"),
                Arguments.of("{\"unit_id\": \"a b\", \"data\": [" + row + "]}", 400, "unit_id"),
                Arguments.of("{\"prediction_id\": 5, \"data\": [" + row + "]}", 400, "prediction_id"),
                Arguments.of("{\"series_id\": true, \"data\": [" + row + "]}", 400, "series_id"),
                Arguments.of("[]", 400, "body"),
                Arguments.of("{\"series_id\": \"m\", \"data\": " + ExperimentTrafficTest.rows(Fixture.SETTINGS.maxHistory() + 1) + "}", 413, "data"));
    }

    static String rows(int n) {
        var rows = new StringJoiner(",", "[", "]");
        for (int i = 0; i < n; i++) rows.add("[" + (1_900_000_000L + 3600L * i) + ", 1]");
        return rows.toString();
    }

    @ParameterizedTest(name = "[{index}] {1} naming {2}")
    @MethodSource("badActuals")
    void badActualsAreRefusedNamingTheField(String body, int status, String field) {
        assertProblem(fixture.http.post("/actuals", body), status, field);
    }

    @Test
    void aClearWinnerIsDecidedOnceTheDurationPassesAndPromotedWithoutNamingIt() throws InterruptedException {
        // v2.0 is the control, and its actuals are made close to its forecasts: it must win
        startExperiment("{\"name\": \"clear\", \"models\": [\"v2.0\", \"v1.0\"], \"traffic_split\": [0.5, 0.5], \"duration_hours\": 0.0003,"
                + " \"min_samples\": 5}");
        var noise = new Random(7);
        for (int u = 0; u < 40; u++) {
            var p = predict("\"unit_id\": \"unit-" + u + "\"");
            double miss = p.getInt("arm") == 0 ? 1 : 20;
            var times = p.getJsonArray("timestamps");
            var values = p.getJsonArray("predictions");
            var data = new StringJoiner(",", "[", "]");
            for (int i = 0; i < times.size(); i++)
                data.add("[\"" + times.getString(i) + "\", " + (values.getJsonNumber(i).doubleValue() + miss + noise.nextGaussian() * 0.2) + "]");
            scored("{\"prediction_id\": \"" + p.getString("prediction_id") + "\", \"data\": " + data + "}");
        }
        var ends = Instant.parse(fixture.http.get("/ab-test/clear").json().getString("ends_at"));
        while (!Instant.now().isAfter(ends.plusMillis(50))) Thread.sleep(50);

        var report = fixture.http.get("/ab-test/clear").json();
        var decision = report.getJsonObject("decision");
        assertEquals("winner", decision.getString("status"), report.toString());
        assertEquals(fixture.v2.id(), decision.getString("winner"));
        var comparison = report.getJsonArray("comparisons").getJsonObject(0);
        assertTrue(comparison.getJsonObject("difference").getJsonNumber("value").doubleValue() > 10, comparison.toString());
        assertTrue(comparison.getJsonNumber("welch_p").doubleValue() < 0.001, comparison.toString());
        assertEquals("winner", fixture.http.get("/ab-test").json().getJsonArray("experiments").getJsonObject(0).getJsonObject("decision").getString("status"));

        var promoted = fixture.http.post("/ab-test/clear/promote", "{}");
        assertEquals(200, promoted.status(), promoted.body());
        assertEquals(fixture.v2.id(), promoted.json().getString("promoted_version"));
        assertEquals(200, promoted.json().getJsonObject("deployment").getInt("status"));
        assertEquals(fixture.v2.id(), fixture.http.get("/models/deployments").json().getString("live"));
        assertEquals(JsonValue.ValueType.STRING, fixture.http.get("/ab-test/clear").json().get("ended_at").getValueType());
    }
}
