package forecast.adapters.web;

import static forecast.adapters.web.PredictTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.pipeline.PipelineRun;
import forecast.domain.series.SeriesId;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /pipeline/run}, {@code GET /pipeline/runs} and {@code GET /pipeline/runs/{id}}. */
class PipelineRoutesTest {
    Fixture fixture;

    @BeforeEach
    void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    static Stream<Arguments> badRuns() {
        return Stream.of(
                Arguments.of("{\"policy\": \"yolo\"}", "policy"),
                Arguments.of("{\"policy\": 1}", "policy"),
                Arguments.of("{\"n_trials\": -1}", "n_trials"),
                Arguments.of("{\"n_trials\": 2.5}", "n_trials"),
                Arguments.of("{\"n_trials\": \"ten\"}", "n_trials"),
                Arguments.of("{\"algorithm\": 5}", "algorithm"),
                Arguments.of("{\"algorithm\": \" \"}", "algorithm"),
                Arguments.of("{\"hyperparameters\": [1]}", "hyperparameters"),
                Arguments.of("{\"hyperparameters\": {\"depth\": [1]}}", "hyperparameters.depth"),
                Arguments.of("{\"series_id\": \"a b\"}", "series_id"),
                Arguments.of("{\"reason\": {}}", "reason"),
                Arguments.of("[]", "body"),
                Arguments.of("{", "body"));
    }

    /** Refused by the adapter before the pipeline is asked. */
    @ParameterizedTest(name = "[{index}] names {1}")
    @MethodSource("badRuns")
    void aBadRunRequestIsRefusedNamingTheMember(String body, String field) {
        assertProblem(fixture.http.post("/pipeline/run", body), 400, field);
    }

    @Test
    void aBadLimitIsRefusedNamingIt() {
        assertProblem(fixture.http.get("/pipeline/runs?limit=0"), 400, "limit");
        assertProblem(fixture.http.get("/pipeline/runs?limit=x"), 400, "limit");
    }

    /** The fixture's training series, stored: what a run retrains on. */
    void storeHistory() {
        fixture.observations.append(new SeriesId("test"), Fixture.series(0));
    }

    @Test
    void aRunStartsInTheBackgroundAndCanBeFollowedToItsEnd() {
        storeHistory();
        var r = fixture.http.post("/pipeline/run", "{\"reason\": \"a test\", \"n_trials\": 0, \"policy\": \"register\"}");
        assertEquals(202, r.status(), r.body());
        var run = r.json();
        String id = run.getString("id");
        assertEquals("manual", run.getString("trigger"));
        assertEquals("a test", run.getString("reason"));
        assertEquals("running", run.getString("state"));
        assertEquals("test", run.getString("series_id"));
        assertEquals(fixture.v1.id(), run.getString("live_version"));
        assertEquals("/pipeline/runs/" + id, run.getString("href"));
        Instant.parse(run.getString("started_at"));
        for (String key : new String[] {"outcome", "candidate_version", "experiment", "finished_at", "duration_ms", "detail", "steps", "contenders"})
            assertTrue(run.containsKey(key), key + " in " + run);

        fixture.pipeline.close(); // waits for the run to end
        var one = fixture.http.get("/pipeline/runs/" + id);
        assertEquals(200, one.status(), one.body());
        var ended = one.json();
        assertEquals(id, ended.getString("id"));
        assertTrue(ended.getString("state").matches("succeeded|failed"), ended.toString());
        assertTrue(ended.getString("outcome").matches("rejected|registered|failed"), ended.toString());
        Instant.parse(ended.getString("finished_at"));
        assertTrue(ended.getJsonNumber("duration_ms").longValue() >= 0, ended.toString());
        var steps = ended.getJsonArray("steps");
        assertEquals("history", steps.getJsonObject(0).getString("name"), steps.toString());
        for (int i = 0; i < steps.size(); i++) {
            var step = steps.getJsonObject(i);
            assertEquals(i, step.getInt("position"));
            for (String key : new String[] {"name", "state", "started_at", "finished_at", "duration_ms", "detail"})
                assertTrue(step.containsKey(key), key + " in " + step);
        }
        if (ended.getString("state").equals("succeeded")) {
            var roles = ended.getJsonArray("contenders").stream().map(c -> c.asJsonObject().getString("role")).toList();
            assertEquals(List.of("candidate", "live", "seasonal_naive"), roles, ended.toString());
            var candidate = ended.getJsonArray("contenders").getJsonObject(0);
            for (String key : new String[] {"version", "algorithm", "mape", "smape", "mase", "rmse", "coverage80", "coverage95"})
                assertTrue(candidate.containsKey(key), key + " in " + candidate);
        }

        var runs = fixture.http.get("/pipeline/runs?limit=5");
        assertEquals(200, runs.status(), runs.body());
        assertEquals(id, runs.json().getJsonArray("runs").getJsonObject(0).getString("id"));
    }

    @Test
    void aSecondRunWhileOneIsGoingIsAConflictNamingIt() {
        storeHistory();
        var going = PipelineRun.started("run-going", PipelineRun.Trigger.SCHEDULE, "scheduled", "test", fixture.v1.id(), Instant.now());
        fixture.pipelineStore.save(going);
        var r = fixture.http.post("/pipeline/run", "");
        assertEquals(409, r.status(), r.body());
        assertTrue(r.isProblem());
        assertTrue(r.json().getString("detail").contains("run-going"), r.body());
        assertTrue(r.json().getString("detail").contains("/pipeline/runs/run-going"), r.body());
        assertEquals(1, fixture.http.get("/pipeline/runs").json().getJsonArray("runs").size(), "nothing started");
    }

    @Test
    void aRunThePipelineCannotStartIsRefusedNamingTheField() {
        storeHistory();
        assertProblem(fixture.http.post("/pipeline/run", "{\"algorithm\": \"no_such_algorithm\"}"), 400, "algorithm");
        assertProblem(fixture.http.post("/pipeline/run", "{\"series_id\": \"never-stored\"}"), 400, "series_id");
        assertEquals(0, fixture.http.get("/pipeline/runs").json().getJsonArray("runs").size(), "nothing started");
    }

    @Test
    void withoutALiveModelThereIsNothingToRetrain() {
        try (var empty = new Fixture(false)) {
            assertProblem(empty.http.post("/pipeline/run", "{}"), 400, "model_version");
        }
    }

    @Test
    void anUnknownRunIsNotFound() {
        var r = fixture.http.get("/pipeline/runs/no-such-run");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.isProblem());
        assertEquals(0, fixture.http.get("/pipeline/runs").json().getJsonArray("runs").size());
    }
}
