package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelRoutesTest {
    static final String PREDICT = "{\"data\": " + Fixture.rows(java.time.Instant.parse("2030-01-01T09:00:00Z"), 10, 0) + ", \"forecast_horizon\": 2}";
    Fixture fixture;

    @BeforeEach
    void start() {
        fixture = new Fixture(false).checkedAgainstOpenApi();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    Http.Response post(String path, String body) {
        return fixture.http.post(path, body);
    }

    Map<String, String> statuses() {
        var models = fixture.http.get("/models/default/versions").json().getJsonArray("versions");
        var out = new HashMap<String, String>();
        for (var m : models) out.put(m.asJsonObject().getString("id"), m.asJsonObject().getString("status"));
        return out;
    }

    @Test
    void withoutALiveModelPredictIsUnavailableAndHealthIsDown() {
        var r = post("/predict", PREDICT);
        assertEquals(503, r.status(), r.body());
        assertTrue(r.isProblem());
        var health = fixture.http.get("/observe/health");
        assertEquals(503, health.status(), health.body());
        var listed = fixture.http.get("/models/default/versions").json();
        assertEquals(JsonValue.NULL, listed.get("live"));
        assertEquals(3, listed.getJsonArray("versions").size());
        var models = fixture.http.get("/models").json().getJsonArray("models");
        assertEquals(1, models.size(), models.toString());
        assertEquals("default", models.getJsonObject(0).getString("name"));
        assertEquals(JsonValue.NULL, models.getJsonObject(0).get("live_version"));
        assertEquals(3, models.getJsonObject(0).getInt("versions"));
        assertEquals("registered", statuses().get(fixture.v1.id()));
        var named = post("/predict", PREDICT.replace("}", ", \"model_version\": \"v2.0\"}").replace("]],", "]],"));
        assertEquals(200, named.status(), "a named version serves without being live: " + named.body());
    }

    @Test
    void deployRollbackAndHistoryRoundTrip() {
        var first = post("/models/deploy", "{\"model_version\": \"v1.0\", \"reason\": \"first\", \"actor\": \"alice\"}");
        assertEquals(200, first.status(), first.body());
        var event = first.json();
        assertEquals(1, event.getInt("sequence"));
        assertEquals(fixture.v1.id(), event.getString("version"));
        assertEquals("deploy", event.getString("action"));
        assertEquals(JsonValue.NULL, event.get("previous_version"));
        assertEquals("first", event.getString("reason"));
        assertEquals("alice", event.getString("actor"));
        assertEquals(fixture.v1.id(), post("/predict", PREDICT).json().getString("model_version"));
        assertEquals(200, fixture.http.get("/observe/health").status());

        PredictTest.assertProblem(post("/models/deploy", "{\"model_version\": \"nope\"}"), 404, "model_version");
        var again = post("/models/deploy", "{\"model_version\": \"" + fixture.v1.id() + "\"}");
        assertEquals(409, again.status(), again.body());
        assertTrue(again.isProblem());

        var second = post("/models/deploy", "{\"model_version\": \"v2.0\"}");
        assertEquals(200, second.status(), second.body());
        assertEquals(fixture.v1.id(), second.json().getString("previous_version"));
        assertEquals("system", second.json().getString("actor"));
        assertEquals(fixture.v2.id(), post("/predict", PREDICT).json().getString("model_version"));
        assertEquals(Map.of(fixture.v1.id(), "previous", fixture.v2.id(), "live", fixture.withFeatures.id(), "registered"), statuses());

        var back = post("/models/rollback", "{\"reason\": \"v2 is worse\"}");
        assertEquals(200, back.status(), back.body());
        assertEquals("rollback", back.json().getString("action"));
        assertEquals(fixture.v1.id(), back.json().getString("version"));
        assertEquals(fixture.v2.id(), back.json().getString("previous_version"));
        assertEquals(fixture.v1.id(), post("/predict", PREDICT).json().getString("model_version"));
        assertEquals(fixture.v1.id(), fixture.http.get("/models/default/versions").json().getString("live"));

        var nothing = post("/models/rollback", "");
        assertEquals(409, nothing.status(), nothing.body());
        var neverLive = post("/models/rollback", "{\"model_version\": \"with-features\"}");
        assertEquals(409, neverLive.status(), neverLive.body());
        var named = post("/models/rollback", "{\"model_version\": \"v2.0\"}");
        assertEquals(200, named.status(), named.body());
        assertEquals(fixture.v2.id(), named.json().getString("version"));

        var history = fixture.http.get("/models/deployments").json();
        var events = history.getJsonArray("deployments");
        assertEquals(4, events.size());
        for (int i = 0; i < 4; i++) assertEquals(i + 1, events.getJsonObject(i).getInt("sequence"));
        assertEquals("rollback", events.getJsonObject(2).getString("action"));
        assertEquals(fixture.v2.id(), history.getString("live"));

        // which version was live at a past moment: the one the last event at or before it made live
        for (int i = 0; i < 4; i++) {
            var past = events.getJsonObject(i);
            var then = fixture.http.get("/models/deployments?at=" + past.getString("at")).json();
            assertEquals(past.getString("version"), then.getString("live"), "at " + past.getString("at"));
            assertEquals(i + 1, then.getJsonArray("deployments").size());
        }
        assertTrue(fixture.http.get("/models/deployments?at=2000-01-01T00:00:00Z").json().isNull("live"), "nothing was live before the first deploy");
        PredictTest.assertProblem(fixture.http.get("/models/deployments?at=yesterday"), 400, "at");
    }

    @Test
    void aCorruptArtifactIsNeverDeployed() {
        assertEquals(200, post("/models/deploy", "{\"model_version\": \"v1.0\"}").status());
        fixture.registry.corrupt(fixture.v2.id());
        var r = post("/models/deploy", "{\"model_version\": \"v2.0\"}");
        assertEquals(409, r.status(), r.body());
        assertTrue(r.json().getString("detail").contains("corrupt"), r.body());
        assertEquals(fixture.v1.id(), post("/predict", PREDICT).json().getString("model_version"));
        assertEquals(fixture.v1.id(), fixture.http.get("/models/default/versions").json().getString("live"));
    }

    @Test
    void oneVersionByIdOrLabelShowsMetricsAndProvenance() {
        var byLabel = fixture.http.get("/models/v1.0");
        assertEquals(200, byLabel.status(), byLabel.body());
        JsonObject v = byLabel.json();
        assertEquals(fixture.v1.id(), v.getString("id"));
        assertEquals("v1.0", v.getString("label"));
        assertEquals(LastValueForecaster.ALGORITHM, v.getString("algorithm"));
        assertEquals("linear", v.getJsonObject("hyperparameters").getString("imputation"));
        var metrics = v.getJsonObject("metrics");
        for (String key : new String[] {"mape", "smape", "mase", "rmse", "coverage_80", "coverage_95", "folds", "forecasts", "horizon"})
            assertTrue(metrics.containsKey(key), key);
        assertTrue(metrics.getInt("folds") > 0);
        var provenance = v.getJsonObject("provenance");
        assertEquals("test", provenance.getString("series_id"));
        assertEquals(Fixture.TRAINING_START.toString(), provenance.getString("data_from"));
        assertEquals(Fixture.TRAINING_HOURS, provenance.getInt("observations"));
        assertEquals("PT1H", provenance.getString("frequency"));
        assertTrue(provenance.getJsonObject("libraries").containsKey("java"));
        assertEquals("linear", provenance.getJsonObject("notes").getString("imputation"), "the notes are provenance, shown among the hyperparameters too");
        assertEquals(fixture.v1.sha256(), v.getString("sha256"));
        assertTrue(v.getJsonNumber("artifact_bytes").longValue() > 0);
        assertEquals("registered", v.getString("status"));
        assertEquals(v, fixture.http.get("/models/" + fixture.v1.id()).json());
        var features = fixture.http.get("/models/with-features").json();
        assertEquals(2, features.getJsonObject("provenance").getJsonArray("feature_names").size());

        PredictTest.assertProblem(fixture.http.get("/models/v9"), 404, "model_version");
    }

    @Test
    void badAdminRequestsAreProblems() {
        PredictTest.assertProblem(post("/models/deploy", "{}"), 400, "model_version");
        PredictTest.assertProblem(post("/models/deploy", ""), 400, "body");
        PredictTest.assertProblem(post("/models/deploy", "{\"model_version\": 3}"), 400, "model_version");
        PredictTest.assertProblem(post("/models/deploy", "{\"model_version\": \"v1.0\", \"reason\": []}"), 400, "reason");
        PredictTest.assertProblem(post("/models/rollback", "[1]"), 400, "body");
        PredictTest.assertProblem(post("/models/rollback", "{\"model_version\": \"nope\"}"), 404, "model_version");
        assertFalse(fixture.http.get("/models/deployments").json().getJsonArray("deployments").size() > 0, "nothing changed");
    }
}
