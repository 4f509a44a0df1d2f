package forecast.adapters.web;

import static forecast.adapters.web.PredictTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code GET /drift}, {@code /alerts} and {@code POST /actuals} feeding the monitor. */
class MonitoringRoutesTest {
    /** A week of hourly values: one longest season of the fixture's hourly series, enough for input drift to be judged. */
    static final int WEEK = 168;
    Fixture fixture;

    @BeforeEach
    void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** {@code n} hourly rows right after the training data, each {@code value} followed by {@code features}. */
    static String rows(int n, double value, String... features) {
        var rows = new StringJoiner(",", "[", "]");
        for (int i = 1; i <= n; i++) {
            var row = new StringJoiner(",", "[", "]");
            row.add("\"" + Fixture.TRAINING_END.plus(Duration.ofHours(i)) + "\"").add(Double.toString(value));
            for (String f : features) row.add(f);
            rows.add(row.toString());
        }
        return rows.toString();
    }

    static JsonObject detector(JsonObject report, String name) {
        return report.getJsonArray("detectors").stream().map(JsonValue::asJsonObject).filter(d -> d.getString("detector").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no detector " + name + " in " + report));
    }

    @Test
    void theDriftReportShowsEveryDetectorWaitingForDataBeforeAnyActuals() {
        var r = fixture.anonymous.get("/drift");
        assertEquals(200, r.status(), r.body());
        var report = r.json();
        Instant.parse(report.getString("checked_at"));
        assertEquals(fixture.v1.id(), report.getString("version"));
        assertEquals("test", report.getString("series"));
        var input = detector(report, "mean_shift");
        assertEquals("input", input.getString("kind"));
        assertEquals("test", input.getString("series"));
        assertEquals(fixture.v1.id(), input.getString("version"));
        assertEquals("insufficient_data", input.getString("state"));
        assertEquals(JsonValue.NULL, input.get("statistic"), "NaN is null");
        assertEquals(JsonValue.NULL, input.get("p_value"));
        assertTrue(input.getInt("reference_size") >= WEEK, input.toString());
        assertEquals(0, input.getInt("recent_size"));
        assertFalse(input.getString("detail").isBlank());
        for (String name : new String[] {"rolling_mape", "page_hinkley", "coverage"}) {
            var d = detector(report, name);
            assertEquals("insufficient_data", d.getString("state"), d.toString());
            for (String key : new String[] {"kind", "series", "version", "statistic", "threshold", "p_value", "reference_size", "recent_size", "detail"})
                assertTrue(d.containsKey(key), key + " in " + d);
        }
        assertEquals(0, report.getJsonArray("live_accuracy").size());
    }

    @Test
    void actualsScoreARecordedPredictionIntoLiveAccuracy() {
        var p = fixture.http.post("/predict", "{\"data\": " + Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 10, 0)
                + ", \"forecast_horizon\": 2, \"series_id\": \"meter-9\", \"confidence_level\": 0.9}").json();
        String id = p.getString("prediction_id");
        var times = p.getJsonArray("timestamps");
        var answer = fixture.http.post("/actuals", "{\"prediction_id\": \"" + id + "\", \"data\": [[\"" + times.getString(0) + "\", 104], [\""
                + times.getString(1) + "\", 96]]}");
        assertEquals(200, answer.status(), answer.body());
        assertEquals(2, answer.json().getInt("scored_points"));
        assertEquals(0, answer.json().getInt("appended_to_history"), "no series named: nothing to extend");

        var accuracy = fixture.anonymous.get("/drift").json().getJsonArray("live_accuracy");
        assertEquals(1, accuracy.size(), accuracy.toString());
        var a = accuracy.getJsonObject(0);
        assertEquals(fixture.v1.id(), a.getString("version"));
        assertEquals(2, a.getInt("points"));
        assertTrue(a.getJsonNumber("mape").doubleValue() > 0, a.toString());
        assertEquals(2, a.getInt("interval_points"));
        assertEquals(0.9, a.getJsonNumber("nominal_coverage").doubleValue(), 1e-9);
        double coverage = a.getJsonNumber("coverage").doubleValue();
        assertTrue(coverage >= 0 && coverage <= 1, a.toString());
        assertTrue(a.containsKey("mase") && a.containsKey("backtest_mape"), a.toString());
        var change = a.getJsonObject("change_detector");
        assertEquals("page_hinkley", change.getString("name"));
        assertTrue(change.containsKey("statistic") && change.containsKey("threshold"), change.toString());
        assertEquals(2, change.getInt("count"));
        assertEquals(Instant.parse(times.getString(1)), Instant.parse(a.getString("last_scored")));
    }

    @Test
    void shiftedActualsOfTheLiveSeriesRaiseAnInputDriftAlertThatCanBeResolvedByHand() {
        var answer = fixture.http.post("/actuals", "{\"series_id\": \"test\", \"data\": " + rows(WEEK, 300) + "}");
        assertEquals(200, answer.status(), answer.body());
        assertEquals(0, answer.json().getInt("scored_points"));
        assertEquals(WEEK, answer.json().getInt("appended_to_history"));
        assertFalse(answer.json().containsKey("history_note"), answer.body());

        var input = detector(fixture.anonymous.get("/drift").json(), "mean_shift");
        assertEquals("drift", input.getString("state"), input.toString());
        assertTrue(input.getJsonNumber("statistic").doubleValue() > MeanShiftDrift.THRESHOLD, input.toString());
        assertEquals(MeanShiftDrift.THRESHOLD, input.getJsonNumber("threshold").doubleValue());
        assertEquals(WEEK, input.getInt("recent_size"));

        var listed = fixture.anonymous.get("/alerts");
        assertEquals(200, listed.status(), listed.body());
        var alerts = listed.json().getJsonArray("alerts");
        assertEquals(1, alerts.size(), alerts.toString());
        var alert = alerts.getJsonObject(0);
        assertEquals("input_drift", alert.getString("kind"));
        assertEquals("input_drift:mean_shift:test", alert.getString("key"));
        assertEquals("warning", alert.getString("severity"));
        assertEquals("open", alert.getString("state"));
        assertEquals("test", alert.getString("subject"));
        assertTrue(alert.getString("message").contains("mean_shift"), alert.toString());
        assertEquals(MeanShiftDrift.THRESHOLD, alert.getJsonNumber("threshold").doubleValue());
        assertEquals(1, alert.getInt("occurrences"));
        assertEquals(JsonValue.NULL, alert.get("resolved_at"));
        Instant.parse(alert.getString("raised_at"));
        Instant.parse(alert.getString("last_seen_at"));
        long id = alert.getJsonNumber("id").longValue();
        assertEquals("/alerts/" + id, alert.getString("href"));

        assertEquals(alert, fixture.anonymous.get("/alerts/" + id).json());
        assertEquals(1, fixture.anonymous.get("/alerts?state=open").json().getJsonArray("alerts").size());
        assertEquals(0, fixture.anonymous.get("/alerts?state=resolved").json().getJsonArray("alerts").size());
        assertEquals(1, fixture.anonymous.get("/alerts?limit=1").json().getJsonArray("alerts").size());

        AdminSecurityTest.assertRefused(fixture.anonymous.post("/alerts/" + id + "/resolve", ""), 401);
        assertEquals("open", fixture.anonymous.get("/alerts/" + id).json().getString("state"), "a refused resolve changes nothing");
        var resolved = fixture.http.post("/alerts/" + id + "/resolve", "");
        assertEquals(200, resolved.status(), resolved.body());
        assertEquals("resolved", resolved.json().getString("state"));
        Instant.parse(resolved.json().getString("resolved_at"));
        assertEquals(200, fixture.http.post("/alerts/" + id + "/resolve", "{}").status(), "resolving again answers the alert as it is");
        assertEquals(0, fixture.anonymous.get("/alerts?state=open").json().getJsonArray("alerts").size());
        assertEquals(1, fixture.anonymous.get("/alerts?state=resolved").json().getJsonArray("alerts").size());

        String text = fixture.anonymous.get("/observe/metrics").body();
        assertTrue(ObserveTest.hasLine(text, "forecast_alerts_raised_total{", "kind=\"input_drift\""), text);
        assertTrue(ObserveTest.hasLine(text, "forecast_drift_score{", "detector=\"mean_shift\"", "series=\"test\""), text);
        assertTrue(ObserveTest.hasLine(text, "forecast_drift_detected{", "detector=\"mean_shift\"", "series=\"test\"", "} 1"), text);
    }

    @Test
    void unknownAlertsAreNotFound() {
        for (String path : new String[] {"/alerts/1", "/alerts/999", "/alerts/not-a-number"}) {
            var r = fixture.anonymous.get(path);
            assertEquals(404, r.status(), path + ": " + r.body());
            assertTrue(r.isProblem());
            assertEquals(404, fixture.http.post(path + "/resolve", "").status(), path);
        }
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("?state=closed", "state"),
                Arguments.of("?state=OPEN", "state"),
                Arguments.of("?state=", "state"),
                Arguments.of("?limit=0", "limit"),
                Arguments.of("?limit=1001", "limit"),
                Arguments.of("?limit=ten", "limit"),
                Arguments.of("?limit=2.5", "limit"),
                Arguments.of("?state=open&limit=-1", "limit"));
    }

    @ParameterizedTest(name = "[{index}] {0} names {1}")
    @MethodSource("badQueries")
    void badAlertQueriesAreRefusedNamingTheParameter(String query, String field) {
        assertProblem(fixture.anonymous.get("/alerts" + query), 400, field);
    }

    @Test
    void actualsWithFeatureColumnsExtendTheSeriesHistoryWithThem() {
        var first = fixture.http.post("/actuals", "{\"series_id\": \"meter-f\", \"data\": " + rows(3, 50, "1.5", "null") + "}");
        assertEquals(200, first.status(), first.body());
        assertEquals(3, first.json().getInt("appended_to_history"));
        var stored = fixture.observations.history(new forecast.domain.series.SeriesId("meter-f")).orElseThrow();
        assertEquals(2, stored.featureNames().size(), stored.featureNames().toString());
        assertEquals(1.5, stored.featureRow(0)[0]);
        assertTrue(Double.isNaN(stored.featureRow(0)[1]), "null: an unknown feature value");

        var without = fixture.http.post("/actuals", "{\"series_id\": \"meter-f\", \"data\": " + rows(2, 50) + "}");
        assertEquals(200, without.status(), without.body());
        assertEquals(0, without.json().getInt("appended_to_history"));
        assertTrue(without.json().getString("history_note").contains("feature"), without.body());

        assertProblem(fixture.http.post("/actuals", "{\"series_id\": \"meter-f\", \"data\": " + rows(2, 50, "1") + "}"), 400, "data[0][2]");
        assertProblem(fixture.http.post("/actuals", "{\"series_id\": \"meter-f\", \"data\": [[\"2030-01-01T00:00:00Z\", 1, 2, 3], [\"2030-01-01T01:00:00Z\", 1, 2]]}"),
                400, "data[1]");
        assertEquals(3, fixture.observations.history(new forecast.domain.series.SeriesId("meter-f")).orElseThrow().size(), "refused rows change nothing");
    }

    @Test
    void aPredictionWithFeaturesIsScoredByActualsWithFeatures() {
        String data = Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 30, 2);
        var p = fixture.http.post("/predict", "{\"data\": " + data + ", \"forecast_horizon\": 2, \"model_version\": \"with-features\", \"unit_id\": \"u-f\","
                + " \"future_features\": [[0.5, 0.5], [0.5, 0.5]]}");
        assertEquals(200, p.status(), p.body());
        var times = p.json().getJsonArray("timestamps");
        var answer = fixture.http.post("/actuals", "{\"unit_id\": \"u-f\", \"data\": [[\"" + times.getString(0) + "\", 100, 0.5, 0.5], [\"" + times.getString(1)
                + "\", 101, 0.5, 0.5]]}");
        assertEquals(200, answer.status(), answer.body());
        assertEquals(2, answer.json().getInt("scored_points"));
    }

    @Test
    void wrongMethodsAreNotAllowed() {
        var base = "http://127.0.0.1:" + fixture.server.port();
        for (var r : new Http.Response[] {fixture.http.post("/drift", "{}"), fixture.http.post("/alerts", "{}"), fixture.http.post("/alerts/1", "{}"),
                fixture.http.get("/alerts/1/resolve"), fixture.http.get("/actuals"), fixture.http.get("/pipeline/run"), fixture.http.post("/pipeline/runs", "{}"),
                fixture.http.post("/pipeline/runs/r-1", "{}"), fixture.http.send(HttpRequest.newBuilder(URI.create(base + "/alerts/1")).DELETE())}) {
            assertEquals(405, r.status(), r.body());
            assertTrue(r.isProblem());
        }
        assertEquals(404, fixture.http.get("/alerts/1/other").status());
        assertEquals(404, fixture.http.get("/pipeline/other").status());
    }
}
