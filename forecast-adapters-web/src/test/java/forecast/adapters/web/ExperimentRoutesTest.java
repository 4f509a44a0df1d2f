package forecast.adapters.web;

import static forecast.adapters.web.PredictTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Starting, listing, reporting, stopping and promoting A/B tests through {@code /ab-test}. */
class ExperimentRoutesTest {
    static final String START = "{\"name\": \"lstm_vs_xgboost\", \"models\": [\"v1.0\", \"v2.0\"], \"traffic_split\": [0.5, 0.5], \"duration_hours\": 24}";
    static final String PREDICT = "{\"data\": " + Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 10, 0) + ", \"forecast_horizon\": 2}";
    Fixture fixture;

    @BeforeEach
    void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    Http.Response post(String path, String body) {
        return fixture.http.post(path, body);
    }

    /** {@link #START} with {@code name} and, when not null, a member added. */
    static String start(String name, String extra) {
        return START.replace("lstm_vs_xgboost", name).replace("}", extra == null ? "}" : ", " + extra + "}");
    }

    @Test
    void startAnswersTheRunningExperimentWithItsArmsAndDefaults() {
        var r = post("/ab-test/start", START);
        assertEquals(201, r.status(), r.body());
        var e = r.json();
        assertEquals("lstm_vs_xgboost", e.getString("name"));
        assertEquals("running", e.getString("state"));
        assertEquals("mape", e.getString("metric"));
        assertEquals(100, e.getInt("min_samples"));
        assertTrue(e.getBoolean("sticky"));
        assertEquals(JsonValue.NULL, e.get("scope"));
        assertEquals(24.0, e.getJsonNumber("duration_hours").doubleValue());
        assertEquals(Instant.parse(e.getString("started_at")).plus(Duration.ofHours(24)), Instant.parse(e.getString("ends_at")));
        assertEquals("/ab-test/lstm_vs_xgboost", e.getString("href"));
        var arms = e.getJsonArray("arms");
        assertEquals(2, arms.size());
        assertEquals(fixture.v1.id(), arms.getJsonObject(0).getString("version"));
        assertEquals("v1.0", arms.getJsonObject(0).getString("reference"));
        assertEquals(fixture.v2.id(), arms.getJsonObject(1).getString("version"));
        assertEquals(1, arms.getJsonObject(1).getInt("index"));
        assertEquals(0.5, arms.getJsonObject(1).getJsonNumber("weight").doubleValue());
    }

    @Test
    void optionalSettingsAreKept() {
        var r = post("/ab-test/start", start("scoped", "\"metric\": \"mae\", \"min_samples\": 7, \"sticky\": false, \"scope\": \"meter-1\", \"actor\": \"alice\""));
        assertEquals(201, r.status(), r.body());
        var e = r.json();
        assertEquals("mae", e.getString("metric"));
        assertEquals(7, e.getInt("min_samples"));
        assertFalse(e.getBoolean("sticky"));
        assertEquals("meter-1", e.getString("scope"));
        assertEquals("alice", e.getString("started_by"));
    }

    @Test
    void listingAndReportShowTheExperimentAndHowItStands() {
        post("/ab-test/start", START);
        var listed = fixture.http.get("/ab-test");
        assertEquals(200, listed.status(), listed.body());
        var all = listed.json().getJsonArray("experiments");
        assertEquals(1, all.size());
        var one = all.getJsonObject(0);
        assertEquals("lstm_vs_xgboost", one.getString("name"));
        assertEquals("running", one.getString("state"));
        assertEquals("/ab-test/lstm_vs_xgboost", one.getString("href"));
        assertEquals(2, one.getJsonArray("arms").size());
        assertTrue(one.containsKey("started_at") && one.containsKey("ends_at"), one.toString());
        assertEquals("running", one.getJsonObject("decision").getString("status"));

        var report = fixture.http.get("/ab-test/lstm_vs_xgboost");
        assertEquals(200, report.status(), report.body());
        var json = report.json();
        var arm = json.getJsonArray("arms").getJsonObject(0);
        assertEquals(0, arm.getInt("requests"));
        assertEquals(0, arm.getInt("scored_predictions"));
        assertEquals(JsonValue.NULL, arm.getJsonObject("mape").get("value"), "no samples: null, not NaN");
        assertEquals(JsonValue.NULL, arm.getJsonObject("latency_ms").get("p50"));
        var comparison = json.getJsonArray("comparisons").getJsonObject(0);
        assertEquals(fixture.v2.id(), comparison.getString("challenger"));
        assertEquals(fixture.v1.id(), comparison.getString("control"));
        assertEquals("mape", comparison.getString("metric"));
        assertTrue(comparison.getJsonObject("difference").containsKey("ci_low"), comparison.toString());
        assertFalse(json.getJsonObject("sample_ratio").getBoolean("mismatch"));
        var decision = json.getJsonObject("decision");
        assertEquals("running", decision.getString("status"));
        assertEquals(JsonValue.NULL, decision.get("winner"));
        assertTrue(decision.getString("reason").contains("0 of 100 scored predictions"), decision.toString());

        assertProblem404(fixture.http.get("/ab-test/no_such_test"));
    }

    static void assertProblem404(Http.Response r) {
        assertEquals(404, r.status(), r.body());
        assertTrue(r.isProblem(), r.contentType());
    }

    static Stream<Arguments> badStarts() {
        return Stream.of(
                Arguments.of("{}", "name"),
                Arguments.of("{}", "models"),
                Arguments.of("{}", "traffic_split"),
                Arguments.of("{}", "duration_hours"),
                Arguments.of(START.replace("\"lstm_vs_xgboost\"", "\"bad name!\""), "name"),
                Arguments.of(START.replace("\"lstm_vs_xgboost\"", "\"start\""), "name"),
                Arguments.of(START.replace("\"lstm_vs_xgboost\"", "5"), "name"),
                Arguments.of(START.replace("[\"v1.0\", \"v2.0\"]", "[\"v1.0\"]").replace("[0.5, 0.5]", "[1]"), "models"),
                Arguments.of(START.replace("[\"v1.0\", \"v2.0\"]", "\"v1.0\""), "models"),
                Arguments.of(START.replace("\"v2.0\"", "\"v9.9\""), "models[1]"),
                Arguments.of(START.replace("\"v2.0\"", "7"), "models[1]"),
                Arguments.of(START.replace("\"v2.0\"", "\"" + "v1.0" + "\""), "models[1]"),
                Arguments.of(START.replace("[0.5, 0.5]", "[1]"), "traffic_split"),
                Arguments.of(START.replace("[0.5, 0.5]", "[0.3, 0.3]"), "traffic_split"),
                Arguments.of(START.replace("[0.5, 0.5]", "[1.5, -0.5]"), "traffic_split[0]"),
                Arguments.of(START.replace("[0.5, 0.5]", "[\"half\", 0.5]"), "traffic_split[0]"),
                Arguments.of(START.replace("[0.5, 0.5]", "0.5"), "traffic_split"),
                Arguments.of(START.replace("24}", "0}"), "duration_hours"),
                Arguments.of(START.replace("24}", "-1}"), "duration_hours"),
                Arguments.of(START.replace("24}", "1e9}"), "duration_hours"),
                Arguments.of(START.replace("24}", "\"24\"}"), "duration_hours"),
                Arguments.of(start("x", "\"metric\": \"rmse\""), "metric"),
                Arguments.of(start("x", "\"metric\": 1"), "metric"),
                Arguments.of(start("x", "\"min_samples\": 0"), "min_samples"),
                Arguments.of(start("x", "\"min_samples\": 2.5"), "min_samples"),
                Arguments.of(start("x", "\"sticky\": \"yes\""), "sticky"),
                Arguments.of(start("x", "\"scope\": \"no spaces\""), "scope"),
                Arguments.of(start("x", "\"scope\": 12"), "scope"),
                Arguments.of(start("x", "\"actor\": {}"), "actor"),
                Arguments.of("[]", "body"),
                Arguments.of("{", "body"),
                Arguments.of("", "body"));
    }

    @ParameterizedTest(name = "[{index}] names {1}")
    @MethodSource("badStarts")
    void badStartIsRefusedNamingTheField(String body, String field) {
        assertProblem(post("/ab-test/start", body), 400, field);
        assertEquals(0, fixture.http.get("/ab-test").json().getJsonArray("experiments").size(), "nothing started");
    }

    @Test
    void everyViolationOfAStartIsNamedAtOnce() {
        var r = post("/ab-test/start", "{\"name\": \"-x\", \"models\": [\"v1.0\", \"v9.9\"], \"traffic_split\": [2, 0.5], \"duration_hours\": 0,"
                + " \"metric\": \"rmse\"}");
        for (String field : new String[] {"name", "models[1]", "traffic_split[0]", "duration_hours", "metric"}) assertProblem(r, 400, field);
    }

    @Test
    void aNameIsNeverTakenTwice() {
        assertEquals(201, post("/ab-test/start", START).status());
        assertEquals(200, post("/ab-test/lstm_vs_xgboost/stop", "").status());
        assertProblem(post("/ab-test/start", START), 409, "name");
    }

    @Test
    void competingExperimentsAreRefusedButScopedOnesCoexist() {
        assertEquals(201, post("/ab-test/start", start("meter1", "\"scope\": \"meter-1\"")).status());
        assertEquals(201, post("/ab-test/start", start("meter2", "\"scope\": \"meter-2\"")).status());
        var sameSeries = post("/ab-test/start", start("meter1_again", "\"scope\": \"meter-1\""));
        assertProblem(sameSeries, 409, "scope");
        assertTrue(sameSeries.json().getString("detail").contains("meter1"), sameSeries.body());
        var everything = post("/ab-test/start", start("all_traffic", null));
        assertProblem(everything, 409, "scope");
        assertTrue(everything.json().getString("detail").matches(".*experiment meter[12] is running.*"), everything.body());

        assertEquals(200, post("/ab-test/meter1/stop", "").status());
        assertEquals(200, post("/ab-test/meter2/stop", "").status());
        assertEquals(201, post("/ab-test/start", start("all_traffic", null)).status(), "free once the scoped ones stopped");
        var scoped = post("/ab-test/start", start("meter3", "\"scope\": \"meter-3\""));
        assertProblem(scoped, 409, "scope");
        assertTrue(scoped.json().getString("detail").contains("all_traffic"), scoped.body());
    }

    @Test
    void stopEndsTheExperimentOnceAndTrafficGoesBackToTheLiveModel() {
        post("/ab-test/start", START);
        var r = post("/ab-test/lstm_vs_xgboost/stop", "{\"actor\": \"alice\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals("stopped", r.json().getString("state"));
        assertEquals("alice", r.json().getString("ended_by"));
        assertFalse(r.json().isNull("ended_at"), r.body());
        assertFalse(r.json().containsKey("deployment"), "a stop deploys nothing");
        assertProblem409(post("/ab-test/lstm_vs_xgboost/stop", ""));
        assertProblem404(post("/ab-test/nothing/stop", ""));
        assertProblem(post("/ab-test/lstm_vs_xgboost/stop", "{\"actor\": 3}"), 400, "actor");

        var predicted = post("/predict", PREDICT).json();
        assertEquals(fixture.v1.id(), predicted.getString("model_version"));
        assertFalse(predicted.containsKey("experiment"), predicted.toString());
        assertEquals("stopped", fixture.http.get("/ab-test/lstm_vs_xgboost").json().getString("state"));
    }

    static void assertProblem409(Http.Response r) {
        assertEquals(409, r.status(), r.body());
        assertTrue(r.isProblem(), r.contentType());
    }

    @Test
    void promotingANamedArmDeploysIt() {
        post("/ab-test/start", START);
        var r = post("/ab-test/lstm_vs_xgboost/promote", "{\"arm\": \"v2.0\", \"actor\": \"bob\"}");
        assertEquals(200, r.status(), r.body());
        JsonObject e = r.json();
        assertEquals("promoted", e.getString("state"));
        assertEquals(fixture.v2.id(), e.getString("promoted_version"));
        assertEquals("bob", e.getString("ended_by"));
        var deployment = e.getJsonObject("deployment");
        assertEquals(200, deployment.getInt("status"));
        assertEquals(fixture.v2.id(), deployment.getJsonObject("event").getString("version"));
        assertEquals("deploy", deployment.getJsonObject("event").getString("action"));

        var history = fixture.http.get("/models/deployments").json();
        assertEquals(fixture.v2.id(), history.getString("live"));
        var events = history.getJsonArray("deployments");
        var last = events.getJsonObject(events.size() - 1);
        assertEquals(fixture.v2.id(), last.getString("version"));
        assertEquals("bob", last.getString("actor"));
        assertTrue(last.getString("reason").contains("lstm_vs_xgboost"), last.toString());
        assertEquals("promoted", fixture.http.get("/ab-test/lstm_vs_xgboost").json().getString("state"));
        assertEquals(fixture.v2.id(), post("/predict", PREDICT).json().getString("model_version"), "the promoted version is live");
        assertProblem409(post("/ab-test/lstm_vs_xgboost/promote", "{\"arm\": \"v2.0\"}"));
    }

    @Test
    void promotingTheLiveArmReportsThatNothingChanged() {
        post("/ab-test/start", START);
        var r = post("/ab-test/lstm_vs_xgboost/promote", "{\"arm\": \"" + fixture.v1.id() + "\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals("promoted", r.json().getString("state"));
        var deployment = r.json().getJsonObject("deployment");
        assertEquals(409, deployment.getInt("status"));
        assertEquals("/problems/already-live", deployment.getJsonObject("problem").getString("type"));
    }

    @Test
    void promotingWithoutAWinnerOrWithAStrangeArmIsRefused() {
        post("/ab-test/start", START);
        var noWinner = post("/ab-test/lstm_vs_xgboost/promote", "");
        assertProblem409(noWinner);
        assertTrue(noWinner.json().getString("detail").contains("0 of 100 scored predictions"), noWinner.body());
        assertProblem(post("/ab-test/lstm_vs_xgboost/promote", "{\"arm\": \"with-features\"}"), 400, "arm");
        assertProblem(post("/ab-test/lstm_vs_xgboost/promote", "{\"arm\": 1}"), 400, "arm");
        assertProblem404(post("/ab-test/nothing/promote", "{}"));
        assertEquals("running", fixture.http.get("/ab-test/lstm_vs_xgboost").json().getString("state"));
        assertEquals(fixture.v1.id(), fixture.http.get("/models/deployments").json().getString("live"));
    }

    @Test
    void wrongMethodsAreNotAllowedAndUnknownPathsNotFound() {
        post("/ab-test/start", START);
        for (var r : new Http.Response[] {fixture.http.get("/ab-test/start"), post("/ab-test", "{}"), post("/ab-test/lstm_vs_xgboost", "{}"),
                fixture.http.get("/ab-test/lstm_vs_xgboost/stop"), fixture.http.get("/ab-test/lstm_vs_xgboost/promote"),
                fixture.http.get("/actuals"), fixture.http.get("/ab-test/start/")}) {
            assertEquals(405, r.status(), r.body());
            assertTrue(r.isProblem());
        }
        assertProblem404(fixture.http.get("/ab-test/lstm_vs_xgboost/other"));
    }
}
