package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.pipeline.Contender;
import forecast.domain.pipeline.PipelineRun;
import forecast.domain.pipeline.PipelineStep;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pipeline run as {@code GET /pipeline/runs/{id}} writes it. */
class PipelineJsonTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    static JsonObject json(PipelineRun run) {
        var out = new JsonOut();
        PipelineJson.run(out, run);
        try (var reader = jakarta.json.Json.createReader(new StringReader(out.toString()))) {
            return reader.readObject();
        }
    }

    @Test
    void aFinishedRunHasItsStepsContendersAndDurations() {
        var run = PipelineRun.started("run-1", PipelineRun.Trigger.ALERT, "input drift on test", "test", "v1", T0)
                .withStep(PipelineStep.started(0, "history", T0).ended(PipelineStep.State.SUCCEEDED, T0.plusMillis(1500), "336 rows"))
                .withStep(PipelineStep.started(1, "tune", T0.plusSeconds(2)).ended(PipelineStep.State.SKIPPED, T0.plusSeconds(2), "n_trials 0"))
                .withContenders(List.of(new Contender("candidate", null, "arima", new BacktestMetrics(4.5, 4.4, 0.8, 3.2, 0.79, Double.NaN, 3, 12, 24)),
                        new Contender("seasonal_naive", null, "seasonal_naive", null)))
                .withCandidate("v2")
                .finished(PipelineRun.Outcome.REGISTERED, T0.plusSeconds(60), "registered v2");
        var j = json(run);
        assertEquals("run-1", j.getString("id"));
        assertEquals("/pipeline/runs/run-1", j.getString("href"));
        assertEquals("alert", j.getString("trigger"));
        assertEquals("input drift on test", j.getString("reason"));
        assertEquals("succeeded", j.getString("state"));
        assertEquals("registered", j.getString("outcome"));
        assertEquals("test", j.getString("series_id"));
        assertEquals("v1", j.getString("live_version"));
        assertEquals("v2", j.getString("candidate_version"));
        assertEquals(JsonValue.NULL, j.get("experiment"));
        assertEquals(T0.toString(), j.getString("started_at"));
        assertEquals(T0.plusSeconds(60).toString(), j.getString("finished_at"));
        assertEquals(60_000, j.getJsonNumber("duration_ms").longValue());
        assertEquals("registered v2", j.getString("detail"));

        var steps = j.getJsonArray("steps");
        assertEquals(2, steps.size());
        var history = steps.getJsonObject(0);
        assertEquals(0, history.getInt("position"));
        assertEquals("history", history.getString("name"));
        assertEquals("succeeded", history.getString("state"));
        assertEquals(1500, history.getJsonNumber("duration_ms").longValue());
        assertEquals("336 rows", history.getString("detail"));
        assertEquals("skipped", steps.getJsonObject(1).getString("state"));

        var contenders = j.getJsonArray("contenders");
        var candidate = contenders.getJsonObject(0);
        assertEquals("candidate", candidate.getString("role"));
        assertEquals(JsonValue.NULL, candidate.get("version"));
        assertEquals("arima", candidate.getString("algorithm"));
        assertEquals(4.5, candidate.getJsonNumber("mape").doubleValue());
        assertEquals(4.4, candidate.getJsonNumber("smape").doubleValue());
        assertEquals(0.8, candidate.getJsonNumber("mase").doubleValue());
        assertEquals(3.2, candidate.getJsonNumber("rmse").doubleValue());
        assertEquals(0.79, candidate.getJsonNumber("coverage80").doubleValue());
        assertEquals(JsonValue.NULL, candidate.get("coverage95"), "NaN is null");
        assertEquals(JsonValue.NULL, contenders.getJsonObject(1).get("mape"), "no metrics: null figures");
    }

    @Test
    void aRunningRunHasNoOutcomeEndOrDurationYet() {
        var run = PipelineRun.started("run-2", PipelineRun.Trigger.MANUAL, null, null, null, T0)
                .withStep(PipelineStep.started(0, "history", T0));
        var j = json(run);
        assertEquals("running", j.getString("state"));
        assertEquals("manual", j.getString("trigger"));
        assertEquals(JsonValue.NULL, j.get("outcome"));
        assertEquals(JsonValue.NULL, j.get("finished_at"));
        assertEquals(JsonValue.NULL, j.get("duration_ms"));
        var step = j.getJsonArray("steps").getJsonObject(0);
        assertEquals("running", step.getString("state"));
        assertEquals(JsonValue.NULL, step.get("duration_ms"));
        assertEquals(JsonValue.NULL, step.get("finished_at"));
        assertEquals(0, j.getJsonArray("contenders").size());
    }
}
